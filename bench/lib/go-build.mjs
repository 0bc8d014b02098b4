// Builds the grpc-go peer offline (GOPATH mode, Debian's Go packages) or says which piece is missing.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";

// Where Debian's golang-*-dev packages put their sources.
const debianGopath = "/usr/share/gocode";
export const grpcGoPackages =
  "golang-go golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler";

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 300_000, ...options });
  return {
    ok: result.status === 0,
    out: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? result.error.message : ""}`.trim(),
  };
}

const has = (command, args = ["--version"]) => run(command, args).ok;

/** Why the peer cannot be built here, or undefined when every piece is in place. */
function missingPiece() {
  const tools = [
    ["go", ["version"]],
    ["protoc", ["--version"]],
    ["protoc-gen-go", ["--version"]],
    ["protoc-gen-go-grpc", ["--version"]],
  ];
  const absent = tools.filter(([command, args]) => !has(command, args)).map(([command]) => command);
  if (!existsSync(`${debianGopath}/src/google.golang.org/grpc/server.go`)) absent.push("grpc-go sources");
  if (!existsSync(`${debianGopath}/src/google.golang.org/protobuf/proto/encode.go`))
    absent.push("google.golang.org/protobuf sources");
  if (absent.length > 0) return `${absent.join(", ")} missing: apt-get install -y ${grpcGoPackages}`;
  // Debian's 1-3 package (github.com/golang/protobuf 1.3) builds, then grpc-go panics on the messages
  // protoc-gen-go 1.28 generates; 1.4 and later declare ProtoPackageIsVersion4.
  const legacy = `${debianGopath}/src/github.com/golang/protobuf/proto/proto.go`;
  if (!existsSync(legacy) || !readFileSync(legacy, "utf8").includes("ProtoPackageIsVersion4"))
    return "github.com/golang/protobuf is not 1.4+ (grpc-go would panic): apt-get install -y golang-github-golang-protobuf-1-5-dev";
  return undefined;
}

/**
 * Generates the Go code for the proto, builds `mainFile` against it and returns { binary } or { skip }.
 * GOPATH mode, GO111MODULE=off: Debian ships sources, not modules, and the run has no network.
 */
export function buildGrpcGo({ mainFile, protoRoot, protoFile, workDir }) {
  const missing = missingPiece();
  if (missing) return { skip: missing };
  const gopath = `${workDir}/gopath`;
  const importPath = "exhookbench/pb";
  mkdirSync(`${gopath}/src/exhookbench/server`, { recursive: true });
  copyFileSync(mainFile, `${gopath}/src/exhookbench/server/main.go`);
  const mapping = `M${protoFile}=${importPath}`;
  const generated = run("protoc", [
    `-I${protoRoot}`,
    `--go_out=${gopath}/src`,
    `--go_opt=${mapping}`,
    `--go-grpc_out=${gopath}/src`,
    `--go-grpc_opt=${mapping}`,
    protoFile,
  ]);
  if (!generated.ok) return { skip: `protoc failed: ${generated.out.split("\n").at(-1)}` };
  const binary = `${workDir}/exhook-grpc-go`;
  const built = run("go", ["build", "-o", binary, "."], {
    cwd: `${gopath}/src/exhookbench/server`,
    env: { ...process.env, GO111MODULE: "off", GOPATH: `${gopath}:${debianGopath}`, GOFLAGS: "" },
  });
  if (!built.ok) return { skip: `go build failed: ${built.out.split("\n").slice(-3).join(" | ")}` };
  return { binary };
}
