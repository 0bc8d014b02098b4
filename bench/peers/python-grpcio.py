# Peer: the EMQX demo contract on Debian's python3-grpcio, the stack of EMQX's official examples.
# Message classes are built at run time from the serialized FileDescriptorProto the harness passes in,
# so nothing is generated ahead of time and nothing needs the network.
import os
import signal
import sys
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2, message_factory

PACKAGE = "emqx.exhook.v2"

with open(os.environ["BENCH_DESCRIPTOR"], "rb") as f:
    file_proto = descriptor_pb2.FileDescriptorProto.FromString(f.read())
classes = message_factory.GetMessages([file_proto])
service = next(s for s in file_proto.service if s.name == "HookProvider")


def cls(type_name):
    return classes[type_name.lstrip(".")]


LoadedResponse = cls("emqx.exhook.v2.LoadedResponse")
ValuedResponse = cls("emqx.exhook.v2.ValuedResponse")
EmptySuccess = cls("emqx.exhook.v2.EmptySuccess")
HookSpec = cls("emqx.exhook.v2.HookSpec")
HOOKS = os.environ["BENCH_DEMO_HOOKS"].split(",")
CONTINUE, IGNORE, STOP = 0, 1, 2


def on_provider_loaded(request, context):
    return LoadedResponse(hooks=[HookSpec(name=name) for name in HOOKS])


def on_client_authenticate(request, context):
    username = request.clientinfo.username
    if username == "baduser":
        return ValuedResponse(type=STOP, bool_result=False)
    if username == "gooduser":
        return ValuedResponse(type=STOP, bool_result=True)
    if username == "normaluser":
        return ValuedResponse(type=CONTINUE, bool_result=True)
    return ValuedResponse(type=IGNORE)


def on_client_authorize(request, context):
    return ValuedResponse(type=IGNORE)


def on_message_publish(request, context):
    message = request.message
    if message.headers.get("username") == "baduser":
        message.headers["allow_publish"] = "false"
        return ValuedResponse(type=STOP, message=message)
    if message.topic.startswith("rewrite/"):
        message.topic = "rewritten/" + message.topic[len("rewrite/"):]
        return ValuedResponse(type=CONTINUE, message=message)
    return ValuedResponse(type=IGNORE)


def on_empty(request, context):
    return EmptySuccess()


special = {
    "OnProviderLoaded": on_provider_loaded,
    "OnClientAuthenticate": on_client_authenticate,
    "OnClientAuthorize": on_client_authorize,
    "OnMessagePublish": on_message_publish,
}
handlers = {}
for method in service.method:
    handlers[method.name] = grpc.unary_unary_rpc_method_handler(
        special.get(method.name, on_empty),
        request_deserializer=cls(method.input_type).FromString,
        response_serializer=cls(method.output_type).SerializeToString,
    )

server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(PACKAGE + ".HookProvider", handlers),))
server.add_insecure_port("127.0.0.1:" + os.environ["EXHOOK_PORT"])
server.start()
signal.signal(signal.SIGTERM, lambda *_: (server.stop(0), sys.exit(0)))
server.wait_for_termination()
