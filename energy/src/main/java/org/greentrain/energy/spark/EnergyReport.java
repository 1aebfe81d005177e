package org.greentrain.energy.spark;

import java.io.Serializable;
import org.greentrain.energy.WindowFacts;

/** What an executor sends the driver after each sampling window: the window's raw facts. */
record EnergyReport(WindowFacts facts) implements Serializable {}
