// Search-as-you-type for the delegation picker (templates/pages/_delegation_picker.html).
// Without this script the "Search" button submits the form and the page lists the matches.
document.querySelectorAll("fieldset[data-picker]").forEach(function (picker) {
  var field = picker.querySelector("input[type=search]");
  var list = picker.querySelector("ul.results");
  if (!field || !list) { return; }
  var timer = null;
  var asked = 0;
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var chosen = picker.querySelector("input[type=radio]:checked");
      var url = picker.dataset.picker + "?q=" + encodeURIComponent(field.value.trim()) +
        (chosen ? "&chosen=" + encodeURIComponent(chosen.value) : "");
      var mine = ++asked;
      fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (answer) { return answer.ok ? answer.text() : null; })
        .then(function (html) { if (html !== null && mine === asked) { list.innerHTML = html; } })
        .catch(function () { /* the Search button still works */ });
    }, 250);
  });
  field.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }
  });
});
