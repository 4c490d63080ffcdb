// The console's "My cases": the open cases the agent owns (theirs, or their group's).
import { $ } from './common.js';
import { keepCasesShown } from './case-list.js';
import { labelStackedTables } from './stacked-tables.js';

keepCasesShown($('#my-cases'), $('#console'));
labelStackedTables();
