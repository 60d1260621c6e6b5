// The official Node SDK against the emulator: client.applications.list() auto-paging and
// client.applications.retrieve(id), as a Writer user's script would call them. Reads WRITER_API_KEY and
// WRITER_BASE_URL, as the SDK does; writes one JSON document of what it saw, for NodeSdk.Tests.ps1.
import Writer from 'writer-sdk';

const client = new Writer({ apiKey: process.env.WRITER_API_KEY, baseURL: process.env.WRITER_BASE_URL, maxRetries: 0 });

const pageSize = Number(process.argv[2] ?? 3);
const listed = [];
for await (const application of client.applications.list({ limit: pageSize })) {
  listed.push({ id: application.id, name: application.name, status: application.status, inputs: application.inputs.map((input) => input.name) });
}

const named = listed.find((application) => application.inputs.length > 0);
const retrieved = await client.applications.retrieve(named.id);

let notFound = null;
try {
  await client.applications.retrieve('no-such-application');
} catch (error) {
  notFound = { status: error.status, type: error.constructor.name, message: error.message };
}

console.log(JSON.stringify({
  listed,
  retrieved: {
    id: retrieved.id,
    name: retrieved.name,
    type: retrieved.type,
    status: retrieved.status,
    created_at: retrieved.created_at,
    inputs: retrieved.inputs.map((input) => ({ name: input.name, input_type: input.input_type, required: input.required, options: input.options ?? null })),
  },
  notFound,
}));
