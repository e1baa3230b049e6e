# Sourced by the launcher and the bench scripts: preloads the JVM's signal-chaining library, so that an
# OpenCL driver built on LLVM (PoCL) cannot replace the JVM's SIGSEGV handler and crash it (see
# kernels/src/main/java/org/mimo4j/kernels/SignalChaining.java). Argument: the java binary (default: java).
jsig_java="$(command -v "${1:-java}" || true)"
if [ -n "$jsig_java" ]; then
  jsig_lib="$(dirname "$(dirname "$(readlink -f "$jsig_java")")")/lib/libjsig.so"
  if [ -f "$jsig_lib" ]; then
    case ":${LD_PRELOAD:-}:" in *":$jsig_lib:"*) ;; *) export LD_PRELOAD="$jsig_lib${LD_PRELOAD:+:$LD_PRELOAD}" ;; esac
  fi
fi
