// Lints Cypher statements with Neo4j's own linter, offline: reads a JSON list of strings on stdin and
// prints a JSON list of {query, diagnostics: [{severity, message}]} (severity 1 = error, 2 = warning).
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

// Parameters are supplied at run time; declare every `$name` the statement uses so only real problems remain.
function parametersOf(query) {
  const parameters = {};
  for (const match of query.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) parameters[match[1]] = null;
  return parameters;
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const queries = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const report = queries.map((query) => ({
    query,
    diagnostics: lintCypherQuery(query, { parameters: parametersOf(query) }).map((d) => ({ severity: d.severity, message: d.message })),
  }));
  process.stdout.write(JSON.stringify(report));
});
