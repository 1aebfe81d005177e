package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidentCacheTest {

  /** A value that records whether it was closed. */
  private static final class Res implements AutoCloseable {
    final String name;
    boolean closed;
    final boolean failOnClose;

    Res(String name) {
      this(name, false);
    }

    Res(String name, boolean failOnClose) {
      this.name = name;
      this.failOnClose = failOnClose;
    }

    @Override
    public void close() {
      closed = true;
      if (failOnClose) {
        throw new IllegalStateException("cannot close " + name);
      }
    }
  }

  private record Key(String training, int partition) {}

  @Test
  void aValueGivenBackIsTakenAgainForTheSameKeyWithoutRebuilding() {
    ResidentCache<Key, Res> cache = new ResidentCache<>(4);
    Res first = cache.take(new Key("a", 0), () -> new Res("a0"));
    cache.giveBack(new Key("a", 0), first);

    Res again = cache.take(new Key("a", 0), () -> new Res("rebuilt"));

    assertThat(again).isSameAs(first);
    assertThat(cache.builds()).isEqualTo(1);
    assertThat(cache.size()).as("taken out while in use").isZero();
  }

  @Test
  void anotherKeyRebuildsAndLeavesTheKeptValueAlone() {
    ResidentCache<Key, Res> cache = new ResidentCache<>(4);
    Res a0 = cache.take(new Key("a", 0), () -> new Res("a0"));
    cache.giveBack(new Key("a", 0), a0);

    Res a1 = cache.take(new Key("a", 1), () -> new Res("a1"));
    Res b0 = cache.take(new Key("b", 0), () -> new Res("b0"));

    assertThat(a1.name).isEqualTo("a1");
    assertThat(b0.name).isEqualTo("b0");
    assertThat(cache.builds()).isEqualTo(3);
    assertThat(a0.closed).isFalse();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aValueInUseIsNotHandedToASecondTaskOfTheSameKey() {
    ResidentCache<Key, Res> cache = new ResidentCache<>(4);
    Res first = cache.take(new Key("a", 0), () -> new Res("first"));

    Res second = cache.take(new Key("a", 0), () -> new Res("second"));
    cache.giveBack(new Key("a", 0), first);
    cache.giveBack(new Key("a", 0), second);

    assertThat(second).isNotSameAs(first);
    assertThat(first.closed).as("replaced by the later give-back").isTrue();
    assertThat(cache.take(new Key("a", 0), () -> new Res("third"))).isSameAs(second);
  }

  @Test
  void beyondCapacityTheLeastRecentlyUsedIsClosed() {
    ResidentCache<Key, Res> cache = new ResidentCache<>(2);
    List<Res> made = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      int partition = p;
      Res r = cache.take(new Key("a", p), () -> new Res("a" + partition));
      made.add(r);
      cache.giveBack(new Key("a", p), r);
    }

    assertThat(cache.size()).isEqualTo(2);
    assertThat(made.get(0).closed).isTrue();
    assertThat(made.get(1).closed).isFalse();
    assertThat(made.get(2).closed).isFalse();
  }

  @Test
  void evictingATrainingClosesOnlyItsValues() {
    ResidentCache<Key, Res> cache = new ResidentCache<>(8);
    Res a0 = new Res("a0");
    Res a1 = new Res("a1");
    Res b0 = new Res("b0");
    cache.giveBack(new Key("a", 0), a0);
    cache.giveBack(new Key("a", 1), a1);
    cache.giveBack(new Key("b", 0), b0);

    int evicted = cache.evict(k -> k.training().equals("a"));

    assertThat(evicted).isEqualTo(2);
    assertThat(a0.closed && a1.closed).isTrue();
    assertThat(b0.closed).isFalse();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aFailedCloseIsReportedAfterClosingTheRest() {
    ResidentCache<Key, Res> cache = new ResidentCache<>(8);
    Res bad = new Res("bad", true);
    Res good = new Res("good");
    cache.giveBack(new Key("a", 0), bad);
    cache.giveBack(new Key("a", 1), good);

    assertThatThrownBy(() -> cache.evict(k -> true))
        .hasMessage("Cannot free a cached value")
        .hasRootCauseMessage("cannot close bad");
    assertThat(good.closed).isTrue();
    assertThat(cache.size()).isZero();
  }
}
