import { startOrchestrator } from './orchestrator';

startOrchestrator()
  .then((o) => {
    const stop = () =>
      o.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((e: Error) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), service: 'orchestrator', msg: 'failed to start', err: e.message })}\n`,
    );
    process.exit(1);
  });
