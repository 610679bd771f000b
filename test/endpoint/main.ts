// CLI for `npm run endpoint` / `npm start`: starts the endpoint and prints exactly one line,
// `IMAGE_STUDIO_ENDPOINT=http://127.0.0.1:PORT/v1`, which launchers parse to find it.
//   --port N          listen on N (default 0: a free port)
//   --spec PATH       openapi.yaml (default: IMAGE_STUDIO_OPENAPI or the shared folder)
//   --accept-key KEY  only accept this key (repeatable)
import { startEndpoint, type EndpointOptions } from './server';

function parseArgs(argv: string[]): EndpointOptions {
  const options: EndpointOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0–65535');
        options.port = port;
        break;
      }
      case '--spec':
        options.specPath = value();
        break;
      case '--accept-key':
        options.acceptedKeys = [...(options.acceptedKeys ?? []), value()];
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const endpoint = await startEndpoint(parseArgs(process.argv.slice(2)));
  console.log(`IMAGE_STUDIO_ENDPOINT=${endpoint.url}`);
  const stop = () => {
    endpoint.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
