#!/usr/bin/env bash
# Regenerates lib/tensorboard/gen/ from the TensorBoard .proto files vendored in lib/tensorboard/proto/ (from
# tensorflow/tensorboard, Apache-2.0) with Debian's protoc and @bufbuild/protoc-gen-es. Run after changing a .proto.
set -euo pipefail
cd "$(dirname "$0")/.."
proto=lib/tensorboard/proto
rm -rf lib/tensorboard/gen
mkdir -p lib/tensorboard/gen
protoc -I "$proto" -I /usr/include \
  --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es \
  --es_out=lib/tensorboard/gen --es_opt=target=ts,import_extension=ts \
  $(cd "$proto" && find tensorboard -name '*.proto' | sort)
npx biome format --write lib/tensorboard/gen >/dev/null
