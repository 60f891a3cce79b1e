// The place page, the map and the search box: what needs a script on pages drawn by the server.
// Data goes on the page with textContent and attributes, never as HTML.
"use strict";

(function () {
  const DAY = 86400000;

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function daysFrom(first, day) {
    return Math.round((Date.parse(day) - Date.parse(first)) / DAY);
  }

  // --- search suggestions as one types -------------------------------------------------------
  function suggest(input) {
    const list = document.getElementById("place-suggestions");
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = input.value.trim();
        if (text.length < 2 || text === asked) return;
        asked = text;
        try {
          const response = await fetch("/api/places?q=" + encodeURIComponent(text));
          if (!response.ok) return;
          const answer = await response.json();
          if (input.value.trim() !== text) return;
          list.replaceChildren(...answer.places.filter((p) => p.id).map((p) => {
            const option = document.createElement("option");
            option.value = p.label;
            option.label = p.label + (p.region ? ", " + p.region : "") + " (" + p.operations + " operations)";
            return option;
          }));
        } catch (err) {
          /* suggestions are a help; the form still works without them */
        }
      }, 150);
    });
  }

  // --- the place page's timeline --------------------------------------------------------------
  function timeline(svg) {
    const words = document.getElementById("marker-words");
    const show = (event) => { words.textContent = event.currentTarget.dataset.words; };
    for (const marker of svg.querySelectorAll(".marker")) {
      marker.addEventListener("mouseenter", show);
      marker.addEventListener("focus", show);
    }
    const form = document.querySelector("form.pick-date");
    svg.addEventListener("click", (event) => {
      if (event.target.closest(".marker") || !form) return;
      const box = svg.getBoundingClientRect();
      const share = (event.clientX - box.left) / box.width;
      const first = Date.parse(svg.dataset.first);
      const last = Date.parse(svg.dataset.last);
      form.querySelector("input[name=date]").value = isoDay(first + share * (last - first));
      form.submit();
    });
  }

  // --- the map's date -------------------------------------------------------------------------
  function heldOn(periods, day) {
    let best = null;
    for (const [controller, status, start, end] of periods) {
      if ((start === null || start <= day) && (end === null || day < end)) {
        if (best === null || (start || "") > (best[2] || "")) best = [controller, status, start, end];
      }
    }
    return best;
  }

  function colour(dot, day) {
    const held = heldOn(JSON.parse(dot.dataset.periods), day);
    const side = held ? ({ Russia: "russia", Ukraine: "ukraine" }[held[0]] || "unknown") : "unknown";
    dot.classList.remove("russia", "ukraine", "unknown", "contested");
    dot.classList.add(side);
    if (held && held[1] === "contested") dot.classList.add("contested");
    const holder = held ? "held by " + held[0] + (held[1] === "contested" ? ", contested" : "") : "who held it is not known";
    const label = dot.dataset.name + ": " + holder + " on " + day + "; " + dot.dataset.operations + " operations reported";
    dot.setAttribute("aria-label", label);
    dot.querySelector("title").textContent = label;
  }

  function map(slider) {
    const first = slider.dataset.first;
    const text = document.getElementById("map-day-text");
    const picker = slider.form.querySelector("input[name=date]");
    slider.max = String(Math.max(0, daysFrom(first, slider.dataset.last)));
    slider.value = String(daysFrom(first, slider.dataset.day));
    slider.removeAttribute("name");  // the form sends the date, not the slider's number
    const move = () => {
      const day = isoDay(Date.parse(first) + Number(slider.value) * DAY);
      text.textContent = day;
      picker.value = day;
      slider.setAttribute("aria-valuetext", day);
      for (const dot of document.querySelectorAll(".front-map .dot")) colour(dot, day);
    };
    slider.addEventListener("input", move);
    slider.setAttribute("aria-valuetext", slider.dataset.day);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const input of document.querySelectorAll("input.place-query")) suggest(input);
    for (const svg of document.querySelectorAll("svg.timeline")) timeline(svg);
    const slider = document.getElementById("map-day");
    if (slider) map(slider);
  });
})();
