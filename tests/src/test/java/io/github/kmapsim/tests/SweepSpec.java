// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import io.github.kmapsim.tests.SweepWorld.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One public method of the API as {@link BadInputSweepTest} tries it: the roles of its arguments
 * (each a list of values, the first the base value, each marked usable or not), the state its
 * base call is made in and the other states it is tried in, and when a call is legal.
 *
 * @param key the method, {@code Type.name(ParamType, ...)}, as reflection spells it
 * @param base the state the argument variations are tried in
 * @param states the other states the base call is tried in
 * @param roles one per parameter
 * @param legal whether a call whose arguments are all usable is legal in the world's state
 * @param call makes the call
 */
record SweepSpec(String key, State base, Set<State> states, List<Role> roles, Legal legal,
    Call call) {

  /** An argument value: a label for the table, the value, and whether it is usable at all. */
  record Arg(String label, Object value, boolean usable) {}

  /** The values of one parameter in a world; the first is the base value, and usable. */
  record Role(String name, Function<SweepWorld, List<Arg>> values) {}

  /** The legality of a call whose arguments are all usable. */
  @FunctionalInterface
  interface Legal {
    boolean test(SweepWorld w, Object[] a);
  }

  /** The call itself. */
  @FunctionalInterface
  interface Call {
    Object call(SweepWorld w, Object[] a) throws Exception;
  }

  static Arg ok(String label, Object value) {
    return new Arg(label, value, true);
  }

  static Arg bad(String label, Object value) {
    return new Arg(label, value, false);
  }

  static Role role(String name, Function<SweepWorld, List<Arg>> values) {
    return new Role(name, values);
  }

  /** A builder: {@code spec("Cpu.kmap(Page)").in(TASK).also(...).args(...).legal(...).call(...)}. */
  static Builder spec(String key) {
    return new Builder(key);
  }

  static final class Builder {
    private final String key;
    private State base = State.TASK;
    private Set<State> states = EnumSet.noneOf(State.class);
    private final List<Role> roles = new ArrayList<>();
    private Legal legal = (w, a) -> true;

    private Builder(String key) {
      this.key = key;
    }

    Builder in(State s) {
      base = s;
      return this;
    }

    /** Every state besides the base one. */
    Builder everywhere() {
      states = EnumSet.allOf(State.class);
      return this;
    }

    Builder also(State... s) {
      states = EnumSet.noneOf(State.class);
      states.addAll(Arrays.asList(s));
      return this;
    }

    Builder args(Role... r) {
      roles.addAll(Arrays.asList(r));
      return this;
    }

    Builder legal(Legal l) {
      legal = l;
      return this;
    }

    SweepSpec call(Call c) {
      Set<State> others = EnumSet.noneOf(State.class);
      others.addAll(states);
      others.remove(base);
      return new SweepSpec(key, base, others, List.copyOf(roles), legal, c);
    }
  }
}
