// The server side of the ec2-local API benchmark, in a process of its own (forked by bench/ec2-local.mjs), so the
// load generator's CPU (50 SDK clients) is not charged to the endpoint's event loop. Two kinds:
//   ec2-local: startEc2Local() from the built package, metadata-only instances, N synthetic images;
//   ceiling:   a bare node:http server answering every call with fixed bytes per Action (what ec2-local answered
//              for the same call), i.e. the floor of HTTP + the client on this machine.
// Messages (IPC): → {type:'ready', endpoint}; ← {type:'cpu'} → {type:'cpu', user, system} (µs); ← {type:'stop'}.
import http from 'node:http';

const [kind, distIndex, syntheticText, fixedJson] = process.argv.slice(2);

async function startEc2Local() {
  const { startEc2Local: start } = await import(distIndex);
  const local = await start({
    syntheticImages: Number(syntheticText),
    // Short transitions: a Run/Terminate cycle must not pile up `shutting-down` instances against the 256 quota.
    durations: { instancePending: 5, instanceShuttingDown: 5, instanceStopping: 5, terminatedVisible: 2_000 },
  });
  return { endpoint: local.endpoint, stop: () => local.stop() };
}

async function startCeiling() {
  const fixed = JSON.parse(fixedJson);
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      const action = new URLSearchParams(Buffer.concat(chunks).toString()).get('Action') ?? '';
      const body = fixed[action] ?? fixed.DescribeImages;
      response.writeHead(200, { 'Content-Type': 'text/xml;charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

const server = kind === 'ceiling' ? await startCeiling() : await startEc2Local();
process.on('message', async (message) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', user, system });
  } else if (message.type === 'stop') {
    await server.stop();
    process.disconnect();
    // A normal exit: --cpu-prof writes its profile now.
    process.exit(0);
  }
});
process.send({ type: 'ready', endpoint: server.endpoint });
