// An event plan job's page while the job runs: the progress part again every half second
// from /events/jobs/ID/progress (the same HTML the page shows), and the whole page again
// once the job has ended (then it shows the plan). Without this script the page refreshes
// itself (<noscript><meta http-equiv="refresh">).
(function () {
  var job = document.getElementById("job");
  var box = document.getElementById("job-progress");
  if (!job || !box || !job.dataset.progressUrl) { return; }
  var live = {queued: true, running: true};
  function poll() {
    fetch(job.dataset.progressUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (answer) {
        if (!answer.ok) { throw new Error(String(answer.status)); }
        var status = answer.headers.get("X-Job-Status");
        return answer.text().then(function (html) {
          if (!live[status]) { window.location.reload(); return; }
          box.innerHTML = html;
          window.setTimeout(poll, 500);
        });
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
