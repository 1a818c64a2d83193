// PaySmart payment page: live hints for the card fields and one submit.
// Progressive: the form works without it; the server checks everything again.
(function () {
  "use strict";
  var form = document.getElementById("pay-form");
  if (!form) return;
  var number = document.getElementById("cc-number");
  var exp = document.getElementById("cc-exp");
  var csc = document.getElementById("cc-csc");
  var brands = [
    ["American Express", /^3[47]/, 15, 4], ["Diners Club", /^3(0[0-5]|[689])/, 14, 3],
    ["JCB", /^35/, 16, 3], ["UnionPay", /^62/, 16, 3], ["Discover", /^6(011|5)/, 16, 3],
    ["Mastercard", /^(5[1-5]|2[2-7])/, 16, 3], ["Visa", /^4/, 16, 3]
  ];
  function digits(s) { return s.replace(/\D/g, ""); }
  function brandOf(d) {
    for (var i = 0; i < brands.length; i++) if (brands[i][1].test(d)) return brands[i];
    return null;
  }
  function luhn(d) {
    var sum = 0, alt = false;
    for (var i = d.length - 1; i >= 0; i--) {
      var n = d.charCodeAt(i) - 48;
      if (alt) { n *= 2; if (n > 9) n -= 9; }
      sum += n; alt = !alt;
    }
    return d.length >= 12 && sum % 10 === 0;
  }
  function hint(el, text, bad) {
    var h = document.getElementById(el.id + "-hint");
    if (!h) return;
    h.textContent = text;
    h.className = bad ? "hint bad" : "hint";
    el.setAttribute("aria-invalid", bad ? "true" : "false");
  }
  if (number) number.addEventListener("input", function () {
    var d = digits(number.value), b = brandOf(d);
    var len = b ? b[2] : 16;
    if (d.length > 19) d = d.slice(0, 19);
    var groups = b && b[0] === "American Express" ? [4, 6, 5] : [4, 4, 4, 4, 3];
    var out = [], at = 0;
    for (var g = 0; g < groups.length && at < d.length; g++) { out.push(d.slice(at, at + groups[g])); at += groups[g]; }
    number.value = out.join(" ");
    if (!d) return hint(number, "", false);
    if (d.length < len) return hint(number, b ? b[0] : "", false);
    if (!luhn(d)) return hint(number, "This card number is not valid. Check it.", true);
    hint(number, b ? b[0] : "Card number looks right", false);
    if (csc) csc.maxLength = b ? b[3] : 4;
  });
  if (exp) exp.addEventListener("input", function () {
    var d = digits(exp.value).slice(0, 4);
    if (d.length === 1 && d > "1") d = "0" + d;
    exp.value = d.length > 2 ? d.slice(0, 2) + " / " + d.slice(2) : d;
    if (d.length < 4) return hint(exp, "", false);
    var m = +d.slice(0, 2), y = 2000 + +d.slice(2), now = new Date();
    if (m < 1 || m > 12) return hint(exp, "The month must be 01 to 12.", true);
    if (y < now.getFullYear() || (y === now.getFullYear() && m < now.getMonth() + 1)) return hint(exp, "This card has expired.", true);
    hint(exp, "", false);
  });
  // One submit: the button is disabled once the form is sent, so a double
  // click sends one request (the server refuses a second payer anyway).
  var sent = false;
  form.addEventListener("submit", function (ev) {
    if (sent) { ev.preventDefault(); return; }
    sent = true;
    var b = ev.submitter;
    if (b && b.name) { var h = document.createElement("input"); h.type = "hidden"; h.name = b.name; h.value = b.value; form.appendChild(h); }
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    var main = document.getElementById("pay-button");
    if (main) main.textContent = "Processing…";
  });
})();
