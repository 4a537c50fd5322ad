// In a page served from the gateway's own origin (EventSource sends no Authorization header).
export function tailWithEventSource(service, onLine, onError) {
  const query = 'subscription Tail($service: String!) { tail(service: $service) { timestamp level message } }';
  const url = `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ service }))}`;
  const source = new EventSource(url);
  source.addEventListener('next', (event) => {
    const { data, errors } = JSON.parse(event.data);
    if (errors) onError(errors);
    else onLine(data.tail);
  });
  source.addEventListener('complete', () => source.close());
  return () => source.close();
}
