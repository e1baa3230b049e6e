# Sourced by run-gpu.sh, trace-gpu.sh and tiles-gpu.sh from the repository root on the GPU machine: puts
# the bundle's Java on PATH (unpacked from .gpu/jre.tgz) and enables NVIDIA's OpenCL driver as the only
# ICD, so a PoCL that is also installed cannot be picked. Sets root, jars, device and jvm (the JVM
# options), and defines forced.
# OPENCL_LIB and DEVICE override the driver and the device type, for a dry run on PoCL here:
#   OPENCL_LIB=/usr/lib/x86_64-linux-gnu/libpocl.so.2 DEVICE=cpu
root=$(pwd)
jars="$root/.gpu/jars"
device=${DEVICE:-gpu}
if [ -f "$root/.gpu/jre.tgz" ] && [ ! -x /tmp/jre/bin/java ]; then tar -C /tmp -xzf "$root/.gpu/jre.tgz"; fi
if [ -x /tmp/jre/bin/java ]; then export PATH="/tmp/jre/bin:$PATH"; fi

echo "== OpenCL driver"
icd=$(ls /etc/OpenCL/vendors/*.icd 2>/dev/null | head -1)
nvlib=${OPENCL_LIB:-}
[ -n "$nvlib" ] || nvlib=$( (ldconfig -p | awk '/libnvidia-opencl\.so\.1/ {print $NF}'; \
          find /usr/local/nvidia /usr/lib /usr/lib64 /lib /opt -name 'libnvidia-opencl.so*' 2>/dev/null) | head -1)
echo "existing ICD files: ${icd:-none}; NVIDIA OpenCL library: ${nvlib:-none}"
if [ -z "$nvlib" ]; then echo "no NVIDIA OpenCL driver library on this machine: nothing to test"; exit 3; fi
mkdir -p /tmp/icd && echo "$nvlib" > /tmp/icd/nvidia.icd
export OCL_ICD_VENDORS=/tmp/icd
export LD_LIBRARY_PATH="$root/.gpu/lib:$(dirname "$nvlib"):${LD_LIBRARY_PATH:-}"
java -version 2>&1 | head -1
# shellcheck source=../../scripts/jsig.sh
. "$root/scripts/jsig.sh" java   # signal chaining, as for the tests here (kernels' SignalChaining)
jvm=(--add-modules jdk.incubator.vector "-Dmimo4j.opencl.device=$device")
# The JVM option that forces TILE on every GEMM (trace-gpu.sh, tiles-gpu.sh); none for "auto", the backend's
# own choice (on a GPU, the table row's tile ladder).
forced() { [ "$1" = auto ] || echo "-Dmimo4j.opencl.gemm=$1"; }
