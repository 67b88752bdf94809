import path from 'node:path';
import { defineCommand } from '../command';
import { createApp, projectRoot } from '../../app/compose';
import { resolveDataDir } from '../../app/data-dir';
import { startWebHost } from '../../hosts/web/web-host';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Run the web host: the full UI in a browser (headless GPU servers, e2e tests).',
  usage: `ssp-studio serve [--host 127.0.0.1] [--port 5317] [--token SECRET] [--data-dir DIR] [--open-dataset DIR]

  Binds 127.0.0.1 by default and prints the URL to open (it carries a one-time token).
  Binding another address needs --token (or SSP_STUDIO_TOKEN); reach it through an SSH tunnel when you can.`,
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5317' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    'allowed-host': { type: 'string', multiple: true },
    'open-dataset': { type: 'string' },
    /** A renderer build other than out/web (tests build into their own folder). */
    'ui-dir': { type: 'string' },
  },
  async run({ values }) {
    const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
    const app = createApp({ dataDir, host: 'web' });
    if (values['open-dataset']) {
      app.settings.update({ ui: { lastDatasetRoot: path.resolve(values['open-dataset'] as string) } });
    }
    const host = await startWebHost(app, {
      host: values.host as string,
      port: Number(values.port),
      token: (values.token as string | undefined) ?? process.env.SSP_STUDIO_TOKEN,
      allowedHostNames: (values['allowed-host'] as string[] | undefined) ?? [],
      staticDir: values['ui-dir'] ? path.resolve(values['ui-dir'] as string) : path.join(projectRoot, 'out', 'web'),
    });
    // Machine-readable first line for scripts and tests, then the human one.
    console.log(JSON.stringify({ event: 'listening', url: host.url, openUrl: host.openUrl, dataDir }));
    console.log(`SSP Studio is running. Open: ${host.openUrl}`);
    const stop = async () => {
      await host.close();
      app.dispose();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await new Promise(() => {});
  },
});
