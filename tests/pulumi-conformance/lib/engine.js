'use strict';
// A fake Pulumi engine: the provider dials it back for pulumirpc.Engine/Log. Every message is kept so tests can
// read what a user would see in the CLI (and the canary test can scan it).
const { grpc, enginepb, engineGrpc, Empty } = require('./stubs');

const SEVERITY = Object.fromEntries(Object.entries(enginepb.LogSeverity).map(([k, v]) => [v, k]));

async function startFakeEngine() {
  const logs = [];
  const server = new grpc.Server();
  server.addService(engineGrpc.EngineService, {
    log(call, cb) {
      const r = call.request;
      logs.push({ severity: SEVERITY[r.getSeverity()], message: r.getMessage(), urn: r.getUrn(), streamId: r.getStreamid(), ephemeral: r.getEphemeral() });
      cb(null, new Empty());
    },
    getRootResource(call, cb) { cb(null, new enginepb.GetRootResourceResponse()); },
    setRootResource(call, cb) { cb(null, new enginepb.SetRootResourceResponse()); },
    startDebugging(call, cb) { cb(null, new Empty()); },
    requirePulumiVersion(call, cb) { cb(null, new enginepb.RequirePulumiVersionResponse()); },
  });
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return {
    address: `127.0.0.1:${port}`,
    logs,
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())).then(() => server.forceShutdown()),
  };
}

module.exports = { startFakeEngine };
