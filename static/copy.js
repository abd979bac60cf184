// Copy buttons of the visit and host pages: <button data-copy="INPUT-ID" hidden>.
// Without this script the button stays hidden and the read-only field can be copied by hand.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.dataset.copy);
  if (!field) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var done = function () { button.textContent = button.dataset.done; };
    var fallback = function () {
      field.select();
      if (document.execCommand("copy")) { done(); }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, fallback);
    } else {
      fallback();
    }
  });
});
