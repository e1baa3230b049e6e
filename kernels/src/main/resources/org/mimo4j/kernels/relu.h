// Relu's math, shared by elementwise.cl (Relu's kernels) and pool.cl (max pooling with relu fused,
// DeviceKernels' relu flag); ClProgramBuilder.resource puts this file in place of its #include line.
// max0: Java's Math.max(v, 0): NaN stays NaN.
// pass_if_positive: ops.elementwise.Branchless.passIfPositive: g where x > 0 or x is a NaN with its sign
// bit clear, else +0 (the host's bit mask tests the sign of max(x, 0), and Java's max returns a NaN x as
// it is, so -NaN, as Abs's -x of a NaN, blocks: Abs's gradient at a NaN is then gy, as on the host).
// Defined for float and, with the suffixes 2 and 4, for float2 (the 2x2 pooling's pairs of windows) and
// float4 (Relu's kernels): the same expressions, since a vector comparison or test gives -1 per true
// lane and ?: then selects lane by lane.
#define RELU_MATH(T, SUFFIX) \
T max0##SUFFIX(T v) { \
    return (v > 0.0f || isnan(v)) ? v : (T) 0.0f; \
} \
T pass_if_positive##SUFFIX(T x, T g) { \
    return (x > 0.0f || (isnan(x) && !signbit(x))) ? g : (T) 0.0f; \
}
RELU_MATH(float, )
RELU_MATH(float2, 2)
RELU_MATH(float4, 4)
