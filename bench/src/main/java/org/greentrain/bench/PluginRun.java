package org.greentrain.bench;

import java.util.Locale;

/** One whole-process run of the word count, with the energy plugin on or off. */
record PluginRun(boolean pluginOn, ProcessCost cost, JobPhases phases) {

  /** One line for the log, not a table row: what this run cost and where its time went. */
  String line(int number) {
    return String.format(
        Locale.ROOT,
        "run %d plugin %s: wall %.2f s, CPU %.2f s, peak RSS %.0f MB; phases: JVM start to main"
            + " %.2f, session %.2f, job %.2f, stop %.2f, outside the JVM clock %.2f s",
        number,
        pluginOn ? "on " : "off",
        cost.wallSeconds(),
        cost.cpuSeconds(),
        cost.peakRssMb(),
        phases.mainS(),
        phases.session(),
        phases.job(),
        phases.stop(),
        phases.outside(cost.wallSeconds()));
  }
}
