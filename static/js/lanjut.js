// Close-several-months page: send the "continue" form by itself, one month per request,
// unless the last step was refused (then the form waits for the user).
document.addEventListener("DOMContentLoaded", function () {
  var f = document.querySelector("form[data-lanjut-otomatis]");
  if (f) { f.submit(); }
});
