#!/usr/bin/env bash
# Regenerates dashboard.schema.json, the JSON Schema (draft-07) that GrafanaDashboardSchemaTest
# validates dashboards/rootctl.json against. Tests never run this: the schema is committed so they
# need neither node nor the network. Needs node and npm (the npm registry only).
#
# Source: Grafana's published dashboard schema as shipped in the npm package @grafana/schema
# (Apache-2.0, Grafana Labs): the TypeScript types generated from Grafana's CUE dashboard kind,
# dist/types/raw/dashboard/x/types.gen.d.ts, interface Dashboard (the classic JSON model with
# "schemaVersion", which dashboards/rootctl.json is). The package ships no JSON or CUE file, so the
# types are converted with ts-json-schema-generator (MIT); objects stay closed
# (additionalProperties: false), as the CUE definitions are. Deterministic: two runs give the same
# bytes.
set -euo pipefail
GRAFANA_SCHEMA_VERSION=13.2.3
GENERATOR_VERSION=2.9.0
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@grafana/schema@${GRAFANA_SCHEMA_VERSION}" >/dev/null
tar xzf "grafana-schema-${GRAFANA_SCHEMA_VERSION}.tgz" package/dist/types/raw/dashboard/x/types.gen.d.ts
npm install --silent --no-audit --no-fund --no-save "ts-json-schema-generator@${GENERATOR_VERSION}" >/dev/null
npx --no-install ts-json-schema-generator --no-type-check --type Dashboard \
  --path package/dist/types/raw/dashboard/x/types.gen.d.ts -o raw.json
GRAFANA_SCHEMA_VERSION=$GRAFANA_SCHEMA_VERSION GENERATOR_VERSION=$GENERATOR_VERSION node -e '
  const fs = require("fs");
  const raw = JSON.parse(fs.readFileSync("raw.json", "utf8"));
  const out = {
    $comment: `Grafana dashboard schema from the npm package @grafana/schema@${process.env.GRAFANA_SCHEMA_VERSION}` +
      ` (Apache-2.0, Grafana Labs), dist/types/raw/dashboard/x/types.gen.d.ts, type Dashboard,` +
      ` converted by ts-json-schema-generator@${process.env.GENERATOR_VERSION}. Regenerate with generate.sh beside this file.`,
    ...raw,
  };
  fs.writeFileSync(process.argv[1], JSON.stringify(out, null, 2) + "\n");
' "$here/dashboard.schema.json"
echo "wrote $here/dashboard.schema.json"
