/* An outlet's results widget as a script tag (issue 38; the developers' page shows how):
 *   <script src="https://<platform>/embed.js" data-embed="c/10-01?lang=en" async></script>
 * puts the widget /embed/<data-embed> in a frame right after the tag, as wide as its place
 * and as tall as its content (the widget tells its height). data-title names the frame. */
(function () {
  var script = document.currentScript;
  if (!script || !script.getAttribute("data-embed")) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/" + script.getAttribute("data-embed").replace(/^\/+/, "");
  frame.title = script.getAttribute("data-title") || "ผลการนับคะแนน / Election results";
  frame.loading = "lazy";
  frame.style.cssText = "display:block;width:100%;min-height:160px;border:0";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === "election-embed:height" && typeof data.height === "number")
      frame.style.height = Math.ceil(data.height) + "px";
  });
})();
