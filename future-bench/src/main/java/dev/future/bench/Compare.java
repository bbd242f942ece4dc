package dev.future.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Future and Apache Pekko side by side, in one run: {@code ./future bench}.
 *
 * <p>The parent (no {@code --side}) runs every scenario once per side, each in a <em>fresh child
 * JVM</em> with the same flags ({@code -Xmx}, collector), so one side's garbage, JIT state or
 * leftover threads never bill the other. Children print {@code @@ key value} lines; the parent
 * prints Future, Pekko, their ratio and a plain-JDK baseline per scenario, and rewrites the block
 * between {@code <!-- results:start -->} and {@code <!-- results:end -->} of {@code docs/benchmarks.md}
 * (everything outside the markers is hand-written and kept).
 *
 * <pre>
 * --scenario=memory,spawn,...  which scenarios (default all: memory spawn tell pingpong kill restart handoff process)
 * --quick                      a small plan, to try the harness out (never written to the docs)
 * --out=PATH                   the Markdown file to update (the pom passes docs/benchmarks.md)
 * --write / --no-write         force or skip the update (default: update after a full, non-quick run)
 * --xmx=3g                     heap of every child JVM (the same for every side)
 * --passes=5                   runs of each side per scenario, alternating which side goes first (default 5, quick 1)
 * --side=future|pekko|baseline run one side of one scenario in this JVM (what the parent forks)
 * </pre>
 */
public final class Compare {
    static final List<String> SCENARIOS = List.of("memory", "spawn", "tell", "pingpong", "kill", "restart", "handoff", "process");
    private static final String START_MARK = "<!-- results:start -->";
    private static final String END_MARK = "<!-- results:end -->";
    private static final long CHILD_TIMEOUT_SECONDS = 240;

    private Compare() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        Plan plan = args.containsKey("quick") ? Plan.QUICK : Plan.FULL;
        String side = args.get("side");
        if (side != null) {
            System.exit(child(side, args.getOrDefault("scenario", ""), plan));
        }
        parent(args, plan, argv);
    }

    /** {@code --key=value} and {@code --flag}; whitespace-separated words inside one argument (from -Dbench.args) count too. */
    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            for (String word : arg.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (!word.startsWith("--")) {
                    throw new IllegalArgumentException("arguments look like --scenario=tell or --quick: argument=" + word);
                }
                int eq = word.indexOf('=');
                args.put(eq < 0 ? word.substring(2) : word.substring(2, eq), eq < 0 ? "" : word.substring(eq + 1));
            }
        }
        return args;
    }

    // ---------------------------------------------------------------- child

    private static int child(String side, String scenario, Plan plan) {
        try {
            switch (side) {
                case "future" -> FutureSide.run(scenario, plan);
                case "pekko" -> PekkoSide.run(scenario, plan);
                case "baseline" -> BaselineSide.run(scenario, plan);
                default -> throw new IllegalArgumentException("side must be future, pekko or baseline: side=" + side);
            }
            return 0;
        } catch (Throwable t) {
            System.out.println("@@ error " + t.toString().replace('\n', ' '));
            t.printStackTrace();
            return 1;
        }
    }

    // ---------------------------------------------------------------- parent

    /** One side's figures for one scenario: numbers, or a sentence saying why there is none. */
    record Outcome(Map<String, Double> values, Map<String, String> texts, String error) {
        /** Per figure, the median over the passes that produced it; texts and the error from any pass. */
        static Outcome median(List<Outcome> passes) {
            Map<String, List<Double>> all = new LinkedHashMap<>();
            Map<String, String> texts = new LinkedHashMap<>();
            String error = null;
            for (Outcome o : passes) {
                o.values().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                texts.putAll(o.texts());
                error = error != null ? error : o.error();
            }
            Map<String, Double> values = new LinkedHashMap<>();
            all.forEach((k, vs) -> values.put(k, Samples.median(vs.stream().mapToDouble(Double::doubleValue).toArray())));
            if (passes.size() > 1) {
                all.forEach((k, vs) -> System.out.printf(Locale.ROOT, "   %s over %d passes: %s%n", k, vs.size(), vs));
            }
            return new Outcome(values, texts, values.isEmpty() && texts.isEmpty() ? error : null);
        }

        String show(Row row) {
            Double v = values.get(row.key());
            if (v != null) {
                return row.format(v);
            }
            String text = texts.get(row.key());
            if (text != null) {
                return text;
            }
            return error != null ? "error: " + error : "-";
        }
    }

    private static void parent(Map<String, String> args, Plan plan, String[] argv) throws Exception {
        List<String> scenarios = args.containsKey("scenario") && !args.get("scenario").isBlank()
                ? List.of(args.get("scenario").split(","))
                : SCENARIOS;
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario: scenario=" + s + " (known: " + SCENARIOS + ")");
            }
        }
        String xmx = args.getOrDefault("xmx", "3g");
        int passes = Integer.parseInt(args.getOrDefault("passes", args.containsKey("quick") ? "1" : "5"));
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be at least 1: passes=" + passes);
        }
        long started = System.nanoTime();
        Map<String, Map<String, Outcome>> results = new LinkedHashMap<>();
        for (String scenario : scenarios) {
            // Sides alternate which goes first, pass after pass, so drift in the machine's load
            // bills both; memory is one pass (it is slow, and a heap difference is not noisy).
            int scenarioPasses = scenario.equals("memory") || scenario.equals("process") ? 1 : passes;
            Map<String, List<Outcome>> bySide = new LinkedHashMap<>();
            for (int pass = 0; pass < scenarioPasses; pass++) {
                List<String> order = pass % 2 == 0 ? List.of("future", "pekko", "baseline") : List.of("pekko", "future", "baseline");
                for (String side : order) {
                    if (side.equals("baseline") && !List.of("pingpong", "kill", "handoff").contains(scenario)) {
                        continue;
                    }
                    System.out.printf("== %s / %s (pass %d of %d)%n", scenario, side, pass + 1, scenarioPasses);
                    bySide.computeIfAbsent(side, k -> new ArrayList<>())
                            .add(fork(scenario, side, xmx, args.containsKey("quick")));
                }
            }
            Map<String, Outcome> merged = new LinkedHashMap<>();
            bySide.forEach((side, outcomes) -> merged.put(side, Outcome.median(outcomes)));
            results.put(scenario, merged);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        List<Row> rows = Row.all(plan).stream().filter(r -> scenarios.contains(r.scenario())).toList();
        String table = table(rows, results);
        System.out.println();
        System.out.println(table);
        System.out.println(notes(plan, passes));
        System.out.printf("took %d min %d s%n", took.toMinutes(), took.toSecondsPart());

        boolean full = scenarios.equals(SCENARIOS) && !args.containsKey("quick");
        boolean write = args.containsKey("write") || (full && !args.containsKey("no-write"));
        String out = args.get("out");
        if (write && out != null) {
            String userArgs = String.join(" ", List.of(argv)).replaceAll("--out=\\S+", "").trim();
            Path path = Path.of(out).toAbsolutePath().normalize();
            rewrite(path, block(table, notes(plan, passes), userArgs, xmx, took));
            System.out.println("wrote " + path);
        } else {
            System.out.println("docs not rewritten (" + (out == null ? "no --out" : "partial or --quick run; --write forces it") + ")");
        }
    }

    private static Outcome fork(String scenario, String side, String xmx, boolean quick) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java,
                // pre-touched: a young generation first used during a throughput run costs both sides
                // page faults (up to a third of the tell run, and more for the side with the larger eden)
                "-Xms" + xmx, "-Xmx" + xmx, "-XX:+UseG1GC", "-XX:+AlwaysPreTouch",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--enable-native-access=ALL-UNNAMED", // the tier-2 box pool maps shared memory through FFM
                "-cp", System.getProperty("java.class.path"),
                Compare.class.getName(), "--scenario=" + scenario, "--side=" + side));
        if (quick) {
            command.add("--quick");
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        String[] error = {null};
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith("@@ ")) {
                        System.out.println("   | " + line);
                        continue;
                    }
                    String[] parts = line.substring(3).split(" ", 2);
                    String rest = parts.length > 1 ? parts[1] : "";
                    System.out.println("   " + parts[0] + " = " + rest);
                    if (parts[0].equals("error")) {
                        error[0] = rest;
                    } else if (rest.startsWith("n/a ")) {
                        texts.put(parts[0], rest.substring(4));
                    } else {
                        values.put(parts[0], Double.parseDouble(rest));
                    }
                }
            } catch (IOException e) {
                error[0] = "reading the child's output failed: " + e;
            }
        });
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            error[0] = "timed out after " + CHILD_TIMEOUT_SECONDS + " s";
        } else if (p.exitValue() != 0 && error[0] == null) {
            error[0] = "child JVM exited with " + p.exitValue();
        }
        pump.join(5_000);
        return new Outcome(values, texts, error[0]);
    }

    private static String table(List<Row> rows, Map<String, Map<String, Outcome>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Scenario | Future | Pekko | Future / Pekko | Target | JDK baseline |\n");
        sb.append("|---|---:|---:|---:|---|---:|\n");
        for (Row row : rows) {
            Map<String, Outcome> bySide = results.get(row.scenario());
            Outcome future = bySide.get("future");
            Outcome pekko = bySide.get("pekko");
            Outcome baseline = bySide.get("baseline");
            Double f = future.values().get(row.key());
            Double k = pekko.values().get(row.key());
            String ratio = f != null && k != null && k != 0
                    ? String.format(Locale.ROOT, f / k < 0.1 ? "%.4fx" : "%.2fx", f / k) : "-";
            sb.append("| ").append(row.label())
                    .append(" | ").append(cell(future.show(row)))
                    .append(" | ").append(cell(pekko.show(row))).append(k != null ? row.pekkoMark() : "")
                    .append(" | ").append(ratio)
                    .append(" | ").append(row.target().verdict(f, k))
                    .append(" | ").append(baseline == null ? "" : cell(baseline.show(row)))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "/");
    }

    private static String notes(Plan plan, int passes) {
        return """
                Ratios are Future / Pekko, measured side by side in this run; each side of each scenario ran in a fresh JVM with the same flags, %d pass(es) with the sides alternating which goes first (memory and PROCESS: one pass); each figure is the median over the passes.
                - Heap per idle actor: used heap after System.gc() settles, before and after spawning %,d actors that have started and hold no thread; the refs are kept in an array on both sides.
                - Spawn: from the first spawn call until every actor has started (Future: no ref still STARTING; Pekko: every child's setup ran); median of rounds 2 and 3.
                - Tell: Pekko's TypedActorBenchmark shape: %d sender/echo pairs, %d messages in flight per pair, %,d messages per pair per round (both directions counted); Pekko on a fork-join dispatcher with parallelism = cores and throughput = 50; median of %d rounds after %d warm-up rounds.
                - Ping-pong: one actor sends, the other replies; System.nanoTime per round trip over %,d round trips after %,d warm-up ones. Baseline: two virtual threads and a SynchronousQueue each way.
                - Kill: Future terminate() to awaitTermination() returning, the actor blocked in Thread.sleep or BlockingQueue.take (alternating). (*) Pekko cannot interrupt a running handler: context.stop takes effect when the handler returns, so its figure is the rest of a %d ms Thread.sleep; blocked in BlockingQueue.take with no producer it would never stop. Baseline: interrupt() to join() of a sleeping virtual thread.
                - Restart: the crash is thrown (a preallocated exception) to the new incarnation handling the message queued behind it. Future: Retry.fixed(1_000_000, Duration.ZERO); Pekko: Behaviors.supervise(..).onFailure(SupervisorStrategy.restart().withLoggingEnabled(false)).
                - Hand-off: Future's writer fills a tier-2 box in place (ctx.write(.., FmtType.BINARY, Share.of(reader), size, fill)) and the reader maps it (ctx.read) and touches its first and last byte; Pekko's writer allocates and fills a fresh byte[] (a sent message must not change) and the reader touches it. Baseline: Arrays.copyOf of the payload alone. Start of the write to the reader's touch, p50.
                - PROCESS: warm spawn (pool of 2) to the first reply, and terminate() to awaitTermination(); Pekko has no equivalent.
                """.formatted(passes, plan.memoryActors(), plan.tellPairs(), plan.tellBatch(), plan.tellMessagesPerPair(),
                plan.tellRounds(), plan.tellWarmups(), plan.pingRounds(), plan.pingWarmups(), plan.pekkoBlockMillis());
    }

    private static String block(String table, String notes, String userArgs, String xmx, Duration took) throws IOException {
        String model = "unknown";
        String memory = "unknown";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(model);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse(memory);
        } catch (IOException | RuntimeException e) {
            // not Linux: leave unknown
        }
        String command = ("./future bench " + userArgs).trim();
        return """
                _Generated by `%s` on %s; the next run replaces everything between the markers._

                - JDK: %s %s (%s); every side in a fresh JVM with `-Xms%s -Xmx%s -XX:+UseG1GC -XX:+AlwaysPreTouch`
                - Apache Pekko %s (typed, Java DSL), Scala %s
                - Machine: %d cores (nproc), %s, %s memory
                - Whole comparison took %d min %d s.
                - **Caveat:** the machine is shared with other builds and noisy. Quote medians, and read the ratios
                  (measured side by side in one run) rather than the absolute figures.

                %s
                %s""".formatted(command,
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                System.getProperty("java.vm.vendor"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), xmx, xmx, PekkoSide.version(),
                scala.util.Properties.versionNumberString(),
                Runtime.getRuntime().availableProcessors(), model, memory, took.toMinutes(), took.toSecondsPart(),
                table, notes);
    }

    /** Replace the results block of the file, keeping every hand-written line outside the markers. */
    private static void rewrite(Path path, String block) throws IOException {
        String text = Files.exists(path) ? Files.readString(path) : "# Benchmarks\n\n" + START_MARK + "\n" + END_MARK + "\n";
        int start = text.indexOf(START_MARK);
        int end = text.indexOf(END_MARK);
        if (start < 0 || end < start) {
            text = text + "\n" + START_MARK + "\n" + END_MARK + "\n";
            start = text.indexOf(START_MARK);
            end = text.indexOf(END_MARK);
        }
        String updated = text.substring(0, start + START_MARK.length()) + "\n" + block.strip() + "\n" + text.substring(end);
        Files.createDirectories(path.getParent());
        Files.writeString(path, updated);
    }
}
