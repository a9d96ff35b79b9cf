/** The money path end to end through the edge, on one origin (PGlite): e2e/support/money-path.ts. */
import { moneyPath } from './support/money-path';

moneyPath();
