// The dashboard's open cases, overdue first: a separate page script (dashboard.js stays as it is).
import { $ } from './common.js';
import { keepCasesShown } from './case-list.js';

keepCasesShown($('#cases'), $('#dashboard'));
