// kui works without JavaScript; this file only adds comfort.
// Keep the focus where a keyboard user expects it after a form error.
document.addEventListener("DOMContentLoaded", function () {
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) { invalid.focus(); }
});
