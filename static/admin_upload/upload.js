// Drag and drop onto the upload page: a progressive enhancement of the plain
// <input type="file" multiple>, which works without this script.
"use strict";
(function () {
  const zone = document.getElementById("upload-drop");
  const input = zone && zone.querySelector("input[type=file]");
  const list = document.getElementById("upload-chosen");
  if (!zone || !input || !list) return;

  function showChosen() {
    list.replaceChildren();
    for (const file of input.files) {
      const li = document.createElement("li");
      li.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " kB)";
      list.appendChild(li);
    }
  }

  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add("is-dragover");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () {
      zone.classList.remove("is-dragover");
    });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showChosen();
    }
  });
  input.addEventListener("change", showChosen);
})();
