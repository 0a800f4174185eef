// Year grids of Rupiah amounts: a live total as you type, cells tidied to Indonesian
// notation ("1.234.567") when you leave them. The server parses the same notation, so the
// page works without this file.
(() => {
  const format = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });

  // "Rp 1.234.567,50" → 123456750 (cents), "" → 0, anything else → NaN.
  function cents(text) {
    const cleaned = (text || "").replace(/rp/gi, "").replace(/\s/g, "");
    if (!cleaned) return 0;
    if (!/^-?[\d.]*(,\d{0,2})?$/.test(cleaned)) return Number.NaN;
    const [whole, frac = ""] = cleaned.split(",");
    const sign = whole.startsWith("-") ? -1 : 1;
    const digits = whole.replace(/[-.]/g, "") || "0";
    return sign * (Number(digits) * 100 + Number((frac + "00").slice(0, 2)));
  }

  function rupiah(value) {
    return `Rp ${format.format(value / 100)}`;
  }

  function update(grid) {
    let sum = 0;
    let valid = true;
    grid.querySelectorAll("input[data-year]").forEach((input) => {
      const value = cents(input.value);
      if (Number.isNaN(value)) valid = false;
      else sum += value;
    });
    const output = grid.querySelector("[data-grid-total]");
    if (output) output.textContent = valid ? rupiah(sum) : "—";
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-rupiah-grid]").forEach((grid) => {
      grid.addEventListener("input", () => update(grid));
      grid.addEventListener("focusout", (event) => {
        const input = event.target;
        if (!input.matches("input[data-year]") || !input.value.trim()) return;
        const value = cents(input.value);
        if (!Number.isNaN(value)) input.value = format.format(value / 100);
      });
      update(grid);
    });
  });
})();
