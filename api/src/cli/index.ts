import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) =>
    process.stderr.write(text.endsWith('\n') || text.startsWith('\r') ? text : `${text}\n`),
  isTty: process.stderr.isTTY,
});
