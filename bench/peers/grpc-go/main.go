// Peer: the EMQX demo contract on grpc-go, the server a Go user would pick. Built by bench/servers/grpc-go.mjs
// in GOPATH mode from Debian's packages (no network); the generated package "exhookbench/pb" comes from
// protoc-gen-go and protoc-gen-go-grpc run on packages/proto's exhook.proto.
package main

import (
	"context"
	"log"
	"net"
	"os"
	"strings"

	pb "exhookbench/pb"

	"google.golang.org/grpc"
)

// demoHooks is the 19-hook list of EMQX's demo, passed in by the harness (BENCH_DEMO_HOOKS), as the other peers get it.
func demoHooks() []*pb.HookSpec {
	names := strings.Split(os.Getenv("BENCH_DEMO_HOOKS"), ",")
	specs := make([]*pb.HookSpec, 0, len(names))
	for _, name := range names {
		specs = append(specs, &pb.HookSpec{Name: name})
	}
	return specs
}

type provider struct {
	// Embedded as generated code requires; every RPC of the service is written out below.
	pb.UnimplementedHookProviderServer
	hooks []*pb.HookSpec
}

func (p *provider) OnProviderLoaded(context.Context, *pb.ProviderLoadedRequest) (*pb.LoadedResponse, error) {
	return &pb.LoadedResponse{Hooks: p.hooks}, nil
}

func boolAnswer(kind pb.ValuedResponse_ResponsedType, value bool) *pb.ValuedResponse {
	return &pb.ValuedResponse{Type: kind, Value: &pb.ValuedResponse_BoolResult{BoolResult: value}}
}

func (p *provider) OnClientAuthenticate(_ context.Context, req *pb.ClientAuthenticateRequest) (*pb.ValuedResponse, error) {
	switch req.GetClientinfo().GetUsername() {
	case "baduser":
		return boolAnswer(pb.ValuedResponse_STOP_AND_RETURN, false), nil
	case "gooduser":
		return boolAnswer(pb.ValuedResponse_STOP_AND_RETURN, true), nil
	case "normaluser":
		return boolAnswer(pb.ValuedResponse_CONTINUE, true), nil
	}
	return &pb.ValuedResponse{Type: pb.ValuedResponse_IGNORE}, nil
}

func (p *provider) OnClientAuthorize(context.Context, *pb.ClientAuthorizeRequest) (*pb.ValuedResponse, error) {
	return &pb.ValuedResponse{Type: pb.ValuedResponse_IGNORE}, nil
}

func (p *provider) OnMessagePublish(_ context.Context, req *pb.MessagePublishRequest) (*pb.ValuedResponse, error) {
	message := req.GetMessage()
	if message.GetHeaders()["username"] == "baduser" {
		message.Headers["allow_publish"] = "false"
		return &pb.ValuedResponse{Type: pb.ValuedResponse_STOP_AND_RETURN, Value: &pb.ValuedResponse_Message{Message: message}}, nil
	}
	if strings.HasPrefix(message.GetTopic(), "rewrite/") {
		message.Topic = "rewritten/" + strings.TrimPrefix(message.Topic, "rewrite/")
		return &pb.ValuedResponse{Type: pb.ValuedResponse_CONTINUE, Value: &pb.ValuedResponse_Message{Message: message}}, nil
	}
	return &pb.ValuedResponse{Type: pb.ValuedResponse_IGNORE}, nil
}

// The other RPCs of the service answer EmptySuccess, as the EMQX demo does.
var empty = &pb.EmptySuccess{}

func (p *provider) OnProviderUnloaded(context.Context, *pb.ProviderUnloadedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnClientConnect(context.Context, *pb.ClientConnectRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnClientConnack(context.Context, *pb.ClientConnackRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnClientConnected(context.Context, *pb.ClientConnectedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnClientDisconnected(context.Context, *pb.ClientDisconnectedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnClientSubscribe(context.Context, *pb.ClientSubscribeRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnClientUnsubscribe(context.Context, *pb.ClientUnsubscribeRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnSessionCreated(context.Context, *pb.SessionCreatedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnSessionSubscribed(context.Context, *pb.SessionSubscribedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnSessionUnsubscribed(context.Context, *pb.SessionUnsubscribedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnSessionResumed(context.Context, *pb.SessionResumedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnSessionDiscarded(context.Context, *pb.SessionDiscardedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnSessionTakenover(context.Context, *pb.SessionTakenoverRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnSessionTerminated(context.Context, *pb.SessionTerminatedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnMessageDelivered(context.Context, *pb.MessageDeliveredRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnMessageDropped(context.Context, *pb.MessageDroppedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}
func (p *provider) OnMessageAcked(context.Context, *pb.MessageAckedRequest) (*pb.EmptySuccess, error) {
	return empty, nil
}

func main() {
	listener, err := net.Listen("tcp", "127.0.0.1:"+os.Getenv("EXHOOK_PORT"))
	if err != nil {
		log.Fatal(err)
	}
	server := grpc.NewServer()
	pb.RegisterHookProviderServer(server, &provider{hooks: demoHooks()})
	log.Fatal(server.Serve(listener))
}
