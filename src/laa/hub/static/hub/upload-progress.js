// The page of an upload while its background task runs (hub/upload_progress.html).
// Without JavaScript the person presses Refresh. With it, this asks for the page again
// every few seconds and updates the progress in place (a polite live region); once the
// outcome is there (the dry run's preview, or the import's ledger entry) it loads it.
// Not a <meta http-equiv="refresh">: a timed reload that the person does not control
// fails WCAG 2.2.1 (technique F41) and restarts a screen reader at the top (ADR 0017).
const section = document.getElementById('upload-progress')

if (section) {
  const seconds = Number(section.dataset.refreshSeconds) || 3
  const poll = async () => {
    let response
    try {
      response = await fetch(window.location.href, { credentials: 'same-origin', redirect: 'manual' })
    } catch {
      window.setTimeout(poll, seconds * 1000)
      return
    }
    if (response.type === 'opaqueredirect') { // imported: the page now leads to the ledger entry
      window.location.reload()
      return
    }
    const fresh = response.ok
      ? new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('upload-progress')
      : section
    if (!fresh) { // the outcome is there
      window.location.reload()
      return
    }
    for (const id of ['progress-text', 'progress']) {
      const now = document.getElementById(id)
      const next = fresh.querySelector('#' + id)
      if (now && next && now.textContent !== next.textContent) {
        now.textContent = next.textContent
      }
      if (now && next && next.hasAttribute('value')) {
        now.setAttribute('value', next.getAttribute('value'))
      }
    }
    window.setTimeout(poll, seconds * 1000)
  }
  window.setTimeout(poll, seconds * 1000)
}
