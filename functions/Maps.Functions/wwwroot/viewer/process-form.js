// The process page's form (/api/processes/{id}?f=html): sends the chosen file as the points, the filled
// inputs in the query string, with Prefer: respond-async, and opens the job's page (the Location the API
// answers with). A refusal shows the problem's detail under the form. Loaded as a module, never inline.
const form = document.getElementById('process-run');
const message = document.getElementById('process-message');

function mediaType(file) {
  const name = file.name.toLowerCase();
  return name.endsWith('.geojson') || name.endsWith('.json') ? 'application/geo+json' : 'text/csv';
}

if (form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = form.elements.points.files[0];
    if (!file) return;
    const query = new URLSearchParams();
    for (const input of form.querySelectorAll('input[type=text], input[type=checkbox]')) {
      if (input.type === 'checkbox' ? input.checked : input.value.trim() !== '') {
        query.set(input.name, input.type === 'checkbox' ? 'true' : input.value.trim());
      }
    }
    const url = form.dataset.execution + (query.size > 0 ? `?${query}` : '');
    message.textContent = `Sending ${file.name}…`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': mediaType(file), Prefer: 'respond-async', Accept: 'application/json' },
        body: file,
      });
      if (response.status === 201 && response.headers.get('Location')) {
        await response.text(); // the job's status, read whole so leaving the page aborts nothing
        window.location.assign(`${response.headers.get('Location')}?f=html`);
        return;
      }
      const problem = await response.json().catch(() => ({}));
      message.textContent = `Refused (${response.status}): ${problem.detail ?? response.statusText}`;
    } catch (error) {
      message.textContent = `Could not send: ${error.message}`;
    }
  });
}
