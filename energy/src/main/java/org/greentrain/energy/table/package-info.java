/**
 * The analyst tables' columns, each named, typed, given its unit and meaning once: the energy
 * plugin's tables here ({@link org.greentrain.energy.table.EnergyTables}), the pipeline's beside
 * their writers in {@code org.greentrain.store}.
 */
package org.greentrain.energy.table;
