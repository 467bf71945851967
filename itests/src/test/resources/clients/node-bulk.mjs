// The official Node.js client (@elastic/elasticsearch 8.x) against Vigil's HTTP input, as a user runs it:
// info, the bulk helper over COUNT documents with ids, one index and one create of an id that exists.
// Prints one JSON line of what the client saw; any error the client raises ends the process non-zero.
import { Client } from '@elastic/elasticsearch';

const [url, marker, count] = process.argv.slice(2);
const client = new Client({ node: url });
const info = await client.info();
const docs = Array.from({ length: Number(count) }, (_, i) => ({ id: `${marker}-${i}`, message: `node ${marker} ${i}` }));
const bulk = await client.helpers.bulk({
  datasource: docs,
  onDocument: (doc) => ({ create: { _index: 'logs-node', _id: doc.id } }),
  onDrop: (dropped) => { throw new Error(`dropped: ${JSON.stringify(dropped.error)}`); },
  flushBytes: 1000000,
});
const single = await client.index({ index: 'logs-node', id: `${marker}-single`, document: { message: `node ${marker} single` } });
let conflict = null;
try {
  await client.create({ index: 'logs-node', id: `${marker}-0`, document: { message: 'replacement' } });
} catch (e) {
  conflict = { status: e.meta?.statusCode, type: e.body?.error?.type };
}
console.log(JSON.stringify({ version: info.version.number, total: bulk.total, successful: bulk.successful, failed: bulk.failed,
  single: single.result, conflict }));
