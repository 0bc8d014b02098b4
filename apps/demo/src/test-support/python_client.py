# An independent ExHook client on Debian's python3-grpcio (the stack of EMQX's official examples).
# Message classes are built at run time from the serialized FileDescriptorProto given on stdin, so nothing
# is generated ahead of time. Plays the demo contract's calls and prints the answers as one JSON object.
# Usage: python3 python_client.py <host:port> <v1|v2|v3> < descriptor.bin
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, json_format, message_factory

address, version = sys.argv[1], sys.argv[2]
file_proto = descriptor_pb2.FileDescriptorProto.FromString(sys.stdin.buffer.read())
classes = message_factory.GetMessages([file_proto])
package = f"emqx.exhook.{version}"
methods = {m.name: m for m in next(s for s in file_proto.service if s.name == "HookProvider").method}
channel = grpc.insecure_channel(address)


def call(rpc, **fields):
    method = methods[rpc]
    request_class = classes[method.input_type.lstrip(".")]
    response_class = classes[method.output_type.lstrip(".")]
    stub = channel.unary_unary(
        f"/{package}.HookProvider/{rpc}",
        request_serializer=request_class.SerializeToString,
        response_deserializer=response_class.FromString,
    )
    request = json_format.ParseDict(fields, request_class())
    return json_format.MessageToDict(stub(request, timeout=5), preserving_proto_field_name=True)


meta = {"node": "emqx@127.0.0.1", "version": "5.8.9", "sysdescr": "EMQX", "cluster_name": "py"}
uptime = "2 hours" if version == "v1" else "7200000"
authorize = "OnClientCheckAcl" if version == "v1" else "OnClientAuthorize"
out = {
    "loaded": call("OnProviderLoaded", broker={"version": "5.8.9", "uptime": uptime}, meta=meta),
    "connected": call("OnClientConnected", clientinfo={"clientid": "py"}, meta=meta),
}
for username in ["baduser", "gooduser", "normaluser", "someone"]:
    clientinfo = {"clientid": "py-" + username, "username": username, "peerhost": "127.0.0.1"}
    message = {
        "id": "0005F1A2B3C4D5E6",
        "qos": 1,
        "from": "py-" + username,
        "topic": "rewrite/py/x",
        "payload": "aGk=",
        "headers": {"username": username},
    }
    out[username] = {
        "authenticate": call("OnClientAuthenticate", clientinfo=clientinfo, meta=meta),
        "authorize": call(authorize, clientinfo=clientinfo, type="PUBLISH", topic="t/1", meta=meta),
        "publish": call("OnMessagePublish", message=message, meta=meta),
    }
print(json.dumps(out))
