package org.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (CDP): one page, its console errors
 * and uncaught exceptions collected from the moment it opens, JavaScript evaluation and clipped
 * screenshots. Test code; Debian's {@code chromium} package provides the browser.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  /** The browser binary: /usr/bin/chromium, else {@code chromium} on the PATH; empty if neither. */
  static Optional<Path> find() {
    Path debian = Path.of("/usr/bin/chromium");
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "chromium"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  HeadlessChromium(Path binary, Path profile) throws Exception {
    process =
        new ProcessBuilder(
                binary.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
                "--user-data-dir=" + profile,
                // Tall enough that the whole report lies in the viewport: rects are page rects.
                "--window-size=1200,8000",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String browserUrl = devToolsUrl();
    URI browser = URI.create(browserUrl);
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        json.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://"
                                    + browser.getHost()
                                    + ":"
                                    + browser.getPort()
                                    + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String pageUrl = null;
    for (JsonNode t : targets) {
      if ("page".equals(t.path("type").asText())) {
        pageUrl = t.path("webSocketDebuggerUrl").asText();
        break;
      }
    }
    if (pageUrl == null) {
      throw new IllegalStateException("Chromium opened no page target: " + targets);
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageUrl), new Listener())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    send("Runtime.enable", json.createObjectNode());
    send("Log.enable", json.createObjectNode());
    send("Page.enable", json.createObjectNode());
  }

  /** Reads stderr until the DevTools line; keeps reading it (the browser blocks on a full pipe). */
  private String devToolsUrl() throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  stderr.add(line);
                  Matcher m = DEVTOOLS.matcher(line);
                  if (m.find()) {
                    url.complete(m.group(1));
                  }
                }
                url.completeExceptionally(
                    new IllegalStateException(
                        "Chromium exited before DevTools listened: " + stderr));
              } catch (IOException e) {
                url.completeExceptionally(e);
              }
            },
            "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Sends a CDP command and waits for its result; a CDP error is an exception naming it. */
  JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket
        .sendText(json.writeValueAsString(message), true)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException("CDP " + method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  /** Opens {@code url} and waits for its load event. */
  void open(URI url) throws Exception {
    loaded = new CompletableFuture<>();
    send("Page.navigate", json.createObjectNode().put("url", url.toString()));
    try {
      loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Chromium did not load " + url + " in " + TIMEOUT, e);
    }
  }

  /** The value of a JavaScript expression, returned by value (JSON). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r =
        send(
            "Runtime.evaluate",
            json.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(
          "JavaScript failed: " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A PNG of the page area at CSS pixels (x, y, width, height), at scale 1. */
  byte[] screenshot(double x, double y, double width, double height) throws Exception {
    ObjectNode params = json.createObjectNode().put("format", "png");
    params
        .putObject("clip")
        .put("x", x)
        .put("y", y)
        .put("width", width)
        .put("height", height)
        .put("scale", 1);
    return java.util.Base64.getDecoder()
        .decode(send("Page.captureScreenshot", params).path("data").asText());
  }

  /** Uncaught exceptions, console.error calls and error log entries seen so far, as text. */
  List<String> errors() {
    Predicate<JsonNode> error =
        e ->
            switch (e.path("method").asText()) {
              case "Runtime.exceptionThrown" -> true;
              case "Runtime.consoleAPICalled" ->
                  "error".equals(e.path("params").path("type").asText());
              case "Log.entryAdded" ->
                  "error".equals(e.path("params").path("entry").path("level").asText());
              default -> false;
            };
    List<String> found = new ArrayList<>();
    for (JsonNode e : events) {
      if (error.test(e)) {
        found.add(e.toString());
      }
    }
    return found;
  }

  @Override
  public void close() throws Exception {
    try {
      socket.abort();
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Routes replies to their command and keeps every event; CDP frames may come in parts. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = json.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          } else {
            events.add(message);
            if ("Page.loadEventFired".equals(message.path("method").asText())) {
              loaded.complete(null);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot parse a CDP message: " + text, e);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
