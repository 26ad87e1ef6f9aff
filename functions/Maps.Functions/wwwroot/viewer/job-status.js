// The job page (/api/jobs/{id}?f=html): polls the job's status (its JSON) once a second until it is
// successful or failed, keeps the page's status, progress and message current, and links the result
// once there is one. The element's data-status says the state for scripts and tests. Loaded as a module.
const facts = document.getElementById('job-status');
const resultsRel = 'http://www.opengis.net/def/rel/ogc/1.0/results';

function show(status) {
  facts.dataset.status = status.status;
  facts.querySelector('[data-field=status]').textContent = status.status;
  facts.querySelector('[data-field=progress]').textContent = `${status.progress ?? 0}%`;
  facts.querySelector('[data-field=message]').textContent = status.message ?? '';
  const results = (status.links ?? []).find((link) => link.rel === resultsRel);
  const cell = facts.querySelector('[data-field=result]');
  if (results && !document.getElementById('job-result')) {
    const link = document.createElement('a');
    link.id = 'job-result';
    link.href = results.href;
    link.download = '';
    link.textContent = 'Download the result';
    cell.replaceChildren(link);
  }
}

async function poll() {
  while (facts.dataset.status !== 'successful' && facts.dataset.status !== 'failed') {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      const response = await fetch(facts.dataset.url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (response.status === 404) {
        facts.dataset.status = 'dismissed';
        facts.querySelector('[data-field=status]').textContent = 'dismissed';
        return;
      }
      if (response.ok) show(await response.json());
    } catch {
      // A failed poll is tried again on the next tick.
    }
  }
}

if (facts) poll();
