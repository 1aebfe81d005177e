/**
 * The typed, validated view of the HOCON configuration: {@link org.greentrain.config.ConfigLoader}
 * layers {@code conf/application.conf} (the one source of defaults), a file and {@code --conf}
 * overrides; each stage reads its own record ({@code TrainConfig}, {@code DataConfig}, ...), which
 * cannot hold an invalid value. Every key is named once, in {@link
 * org.greentrain.config.ConfigKeys}; range checks live in {@link org.greentrain.config.Checks}.
 *
 * <p>May import, of ours, only {@code energy} and {@code digest}: every stage reads the config, so
 * it stays below them all (ArchitectureTest).
 */
package org.greentrain.config;
