'use strict';
// Pulumi's own generated stubs (npm @pulumi/pulumi, pinned), in one place so every file uses the same copies.
// google-protobuf must be the single 3.21.x copy @pulumi/pulumi uses, or the stubs reject our Structs.
module.exports = {
  grpc: require('@grpc/grpc-js'),
  pb: require('@pulumi/pulumi/proto/provider_pb.js'),
  providerGrpc: require('@pulumi/pulumi/proto/provider_grpc_pb.js'),
  pluginpb: require('@pulumi/pulumi/proto/plugin_pb.js'),
  enginepb: require('@pulumi/pulumi/proto/engine_pb.js'),
  engineGrpc: require('@pulumi/pulumi/proto/engine_grpc_pb.js'),
  statuspb: require('@pulumi/pulumi/proto/status_pb.js'),
  Empty: require('google-protobuf/google/protobuf/empty_pb.js').Empty,
};
