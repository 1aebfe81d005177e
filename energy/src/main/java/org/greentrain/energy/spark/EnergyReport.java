package org.greentrain.energy.spark;

import java.io.Serializable;
import java.util.List;
import org.greentrain.energy.EnergyRow;

/** What an executor sends the driver after each sampling window. */
record EnergyReport(String executorId, long windowEndMs, List<EnergyRow> rows)
    implements Serializable {}
