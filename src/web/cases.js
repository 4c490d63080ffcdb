// The dashboard's open cases, overdue first: a separate page script (dashboard.js stays as it is).
import { $ } from './common.js';
import { keepCasesShown } from './case-list.js';
import { labelStackedTables } from './stacked-tables.js';

keepCasesShown($('#cases'), $('#dashboard'));
// Every table of the page (queues, agents, cases, forecast) stacks at phone width.
labelStackedTables();
