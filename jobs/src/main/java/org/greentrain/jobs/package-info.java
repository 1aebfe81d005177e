/**
 * The command line's root: {@link org.greentrain.jobs.GreenTrain} (the main class, exit codes), the
 * options every pipeline command shares and the job's SparkSession. The commands live in {@code
 * stage} (one per pipeline stage, and {@code run}), {@code report} and {@code ops}; the stages'
 * logic lives in the library, {@code greentrain-common}.
 */
package org.greentrain.jobs;
