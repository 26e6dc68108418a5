import { main } from './index';

// Entry point of the binary; kept apart so importing `main` in tests has no side effects.
process.exitCode = await main(process.argv.slice(2));
