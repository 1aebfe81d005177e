package org.greentrain.train;

import java.io.Serializable;
import org.greentrain.model.ModelWeights;

/**
 * What one shard sends back after a round: its trained weights, the samples it stepped over
 * (the averaging weight) and the sum of per-sample training loss.
 */
public record ShardUpdate(int partition, ModelWeights weights, long samples, double lossSum)
    implements Serializable {}
