/* xopt portable int8 kernels: the quant dialect's integer semantics in C99.
 *
 * Every kernel reproduces the xopt quant executor (xopt/executor/quant_kernels*.py, whose
 * arithmetic is specified in xopt/executor/quant_numerics.py) bit for bit.
 *
 * Layout: 4-D activations are NHWC with batch 1 (channels innermost), 2-D tensors
 * [rows][features], other ranks row-major; the quant executor's NCHW tensors are transposed
 * at the model's boundary (xopt_quantize_f32_s8, xopt_dequantize_s8_f32) or by
 * xopt_transpose_s8. Each kernel states its weight layout; the compiler packs weights for it.
 * Activations need no alignment beyond their element type; inputs and outputs never overlap.
 *
 * Each layer's constants (shapes, strides, pads, zero points, multipliers, lookup tables)
 * come in a const parameter struct that a generated model.c initialises once per layer; the
 * compiler precomputes every derived number (fixed-point multipliers, resize indices and
 * weights, exponential tables), so no kernel evaluates a transcendental function. Float
 * rounding modes use float32 +, *, /, fmaf and rintf only; they need FLT_EVAL_METHOD == 0
 * and no floating-point contraction (xopt_requant_inline.h turns it off for gcc and clang).
 * No kernel allocates memory or uses a VLA.
 *
 * Kernel names follow <op>_<input>_<output>: s8 = int8 stored integers, f32 = float.
 */
#ifndef XOPT_KERNELS_H
#define XOPT_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- requantization (xopt_requant.c) ---------------------------------------------------
 * y = clamp(rescale(acc) + zero_point, lo, hi), with rescale in one of two modes:
 *   fixed_point (real == NULL): n = 31 - shift[i] (0 <= n <= 62),
 *       rescale(acc) = (acc * multiplier[i] + (n > 0 ? 2^(n-1) : 0)) >> n
 *     the 64-bit product is exact and rounded once, ties toward +infinity;
 *   float (real != NULL): rescale(acc) = rintf((float)acc * real[i]), ties to even
 *     (onnxruntime's MlasRequantizeOutput).
 * i is the output channel for conv2d and fully_connected, the window's element count for
 * avgpool, and 0 everywhere else. multiplier is in [2^30, 2^31) or 0, shift in [-31, 31]:
 * quant_numerics.quantize_multiplier's (multiplier, shift). */
typedef struct {
    const int32_t *multiplier; /* fixed-point multipliers, indexed as above */
    const int32_t *shift;      /* their shifts: rescale = acc * multiplier * 2^(shift - 31) */
    const float *real;         /* float32 multipliers for rounding = float, else NULL */
    int32_t zero_point;        /* output zero point */
    int32_t lo, hi;            /* saturation bounds: a fused clamp or the storage range */
} xopt_requant;

/* rescale(acc) with entry i of `rq`, without zero point and saturation. */
int64_t xopt_rescale(const xopt_requant *rq, int32_t i, int32_t acc);
/* clamp(rescale(acc) + zero_point, lo, hi) with entry i of `rq`. */
int8_t xopt_requantize_one(const xopt_requant *rq, int32_t i, int32_t acc);

/* ---- convolution (xopt_conv.c) -----------------------------------------------------------
 * quant.conv2d on NHWC x (in_h x in_w x in_c) into NHWC y (out_h x out_w x out_c):
 *   y[oy][ox][o] = requant_o(bias[o] + sum over c < in_c / groups, ky, kx of
 *     (x[oy*sh - pad_top + ky*dh][ox*sw - pad_left + kx*dw][g*(in_c/groups) + c] - x_zp)
 *     * (w(o, ky, kx, c) - w_zp[o])),  g = o / (out_c / groups)
 * input positions outside the image are padding holding x_zp (they add 0); the bottom and
 * right padding follow from out_h and out_w. Zero points lie in the int8 range (differences
 * fit 16 bits). The weight layout w(o, ky, kx, c) depends on the function (below); the
 * compiler picks the function and packs the weights for it (kernel_params.conv2d). */
typedef struct {
    int32_t in_c, in_h, in_w;
    int32_t out_c, out_h, out_w;
    int32_t kernel_h, kernel_w;
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t pad_top, pad_left;
    int32_t groups;          /* in_c and out_c are multiples of it */
    int32_t x_zero_point;    /* input zero point */
    const int32_t *w_zero_point; /* [out_c] weight zero points (per tensor: repeated) */
    const int8_t *weight;    /* layout: see each function */
    const int32_t *bias;     /* [out_c] at scale s_x * s_w, or NULL */
    xopt_requant requant;    /* entries [out_c] */
} xopt_conv2d_params;

/* Any geometry. Weights OHWI: [out_c][kernel_h][kernel_w][in_c / groups]. */
void xopt_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* The same with the OHWI weights packed as one flat sequence of int4 / int2 values
 * (quant_numerics' sub-byte packing order, xopt_packed_inline.h), unpacked a block of
 * output channels at a time into a stack scratch: kernel_h * kernel_w * in_c / groups <=
 * XOPT_UNPACK_BYTES. */
#define XOPT_UNPACK_BYTES 4096
void xopt_conv2d_general_s8_s8_w4(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
void xopt_conv2d_general_s8_s8_w2(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* 1x1 kernel, groups == 1, no padding (any stride). Weights [out_c][in_c] (OHWI). */
void xopt_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* 3x3 depthwise: groups == in_c == out_c, dilation 1 (any stride and padding).
 * Weights HWC: [3][3][channels], so that taps load channels contiguously. */
void xopt_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* Whether the specialised paths apply to `p`. */
int xopt_conv2d_is_pointwise(const xopt_conv2d_params *p);
int xopt_conv2d_is_depthwise3x3(const xopt_conv2d_params *p);

/* quant.fully_connected: y[m][n] = requant_n(bias[n] + sum_k (x[m][k] - x_zp) *
 * (w[n][k] - w_zp[n])); x is rows x in_features, w out_features x in_features. */
typedef struct {
    int32_t rows, in_features, out_features;
    int32_t x_zero_point;
    const int32_t *w_zero_point; /* [out_features] */
    const int8_t *weight;        /* [out_features][in_features] */
    const int32_t *bias;         /* [out_features], or NULL */
    xopt_requant requant;        /* entries [out_features] */
} xopt_fully_connected_params;

void xopt_fully_connected_s8_s8(const xopt_fully_connected_params *p, const int8_t *x, int8_t *y);
/* The same with the [out_features][in_features] weights packed as one flat sequence of
 * int4 / int2 values (quant_numerics' sub-byte packing order, xopt_packed_inline.h),
 * unpacked a row at a time: in_features <= XOPT_UNPACK_BYTES. */
void xopt_fully_connected_s8_s8_w4(const xopt_fully_connected_params *p, const int8_t *x,
                                   int8_t *y);
void xopt_fully_connected_s8_s8_w2(const xopt_fully_connected_params *p, const int8_t *x,
                                   int8_t *y);

/* ---- pooling (xopt_pool.c) ---------------------------------------------------------------
 * NHWC x (in_h x in_w x channels) into NHWC y (out_h x out_w x channels). Windows of
 * kernel_h x kernel_w taps at (oy*stride_h - pad_top + ky, ox*stride_w - pad_left + kx).
 * maxpool: the largest tap inside the image (-128 if none is). avgpool: with the window's
 * count = its taps inside the image, or, with count_include_pad, inside the image plus the
 * explicit padding [-pad_top, in_h + pad_bottom) x [-pad_left, in_w + pad_right) (taps
 * beyond that exist only through ceil_mode and never count),
 *   fixed_point (float_rounding == 0): y = requant_count(sum of (x - x_zp) over the taps
 *     inside the image), requant with one entry per count 0 .. kernel_h * kernel_w (the
 *     multiplier of count is s_x / (s_y * count));
 *   float (float_rounding == 1, onnxruntime's QLinearAveragePool): t = float sum, tap by
 *     tap row by row from 0, of (float)(x - x_zp) * x_scale; m = t / (float)count;
 *     y = clamp(cvt(m / y_scale + (float)zero_point), lo, hi) with requant's zero_point and
 *     bounds, cvt = rintf, INT32_MIN for NaN or |v| >= 2^31. */
typedef struct {
    int32_t channels, in_h, in_w, out_h, out_w;
    int32_t kernel_h, kernel_w;
    int32_t stride_h, stride_w;
    int32_t pad_top, pad_left, pad_bottom, pad_right;
    int32_t count_include_pad; /* avgpool only */
    int32_t x_zero_point;      /* avgpool only */
    xopt_requant requant;      /* avgpool only: entries [kernel_h * kernel_w + 1] */
    int32_t float_rounding;    /* avgpool only */
    float x_scale, y_scale;    /* avgpool with float_rounding only */
} xopt_pool2d_params;

void xopt_maxpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y);
void xopt_avgpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y);

/* NHWC x (size = in_h * in_w pixels of `channels`) into y[channels]:
 * y[c] = requant_0(sum over the pixels of (x[.][c] - x_zp)); either rounding mode. */
typedef struct {
    int32_t channels, size; /* size = in_h * in_w */
    int32_t x_zero_point;
    xopt_requant requant; /* entries [1]: s_x / (s_y * size) */
} xopt_global_avgpool_params;

void xopt_global_avgpool_s8_s8(const xopt_global_avgpool_params *p, const int8_t *x, int8_t *y);

/* ---- element-wise (xopt_elementwise.c) -------------------------------------------------
 * quant.add of two tensors of `count` elements.
 * fixed_point (float_rounding == 0), TFLite's integer add:
 *   a' = rescale_a((a - a_zp) * 2^left_shift),  b' = rescale_b((b - b_zp) * 2^left_shift)
 *   y  = clamp(rescale_out(a' + b') + out_zp, lo, hi)
 *   with a_rescale, b_rescale the multipliers s_a / m, s_b / m and requant the multiplier
 *   m / (2^left_shift * s_y), m = 2 * max(s_a, s_b) (entries [1] each).
 * float (float_rounding == 1), onnxruntime's QLinearAdd: with a_real = s_a / s_y,
 *   b_real = s_b / s_y and offset = z_y - fmaf(a_real, a_zp, b_real * b_zp), all computed by
 *   the compiler in float32, y = clamp(cvt(fmaf(a, a_real, fmaf(b, b_real, offset))), lo, hi)
 *   with requant's bounds (cvt as for avgpool). */
typedef struct {
    int32_t count;
    int32_t left_shift;
    int32_t a_zero_point, b_zero_point;
    xopt_requant a_rescale, b_rescale; /* only multiplier and shift are used */
    xopt_requant requant;
    int32_t float_rounding;
    float a_real, b_real, offset; /* float_rounding only */
} xopt_add_params;

void xopt_add_s8_s8(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y);

/* quant.mul: y[i] = f((a[i] - a_zp) * (b[i % b_count] - b_zp)) for i < count, so b is a
 * tensor of a's size, a scalar (b_count 1) or a per-channel vector (b_count = the innermost
 * dimension). f is requant_0 (fixed_point), or, when requant.real != NULL, onnxruntime's
 * QLinearMul: clamp(cvt((float)acc * real[0] + (float)zero_point), lo, hi), the product
 * and the sum each rounded to float32 (cvt as for avgpool). */
typedef struct {
    int32_t count, b_count;
    int32_t a_zero_point, b_zero_point;
    xopt_requant requant;
} xopt_mul_params;

void xopt_mul_s8_s8(const xopt_mul_params *p, const int8_t *a, const int8_t *b, int8_t *y);

/* quant.requantize (fixed_point): y = requant_0(x - x_zp), `count` elements. (Float
 * rounding is a dequantize-quantize of 256 values: the compiler makes it a table.) */
typedef struct {
    int32_t count;
    int32_t x_zero_point;
    xopt_requant requant;
} xopt_requantize_params;

void xopt_requantize_s8_s8(const xopt_requantize_params *p, const int8_t *x, int8_t *y);

/* quant.table (LUT activation): y = values[x - x_qmin], `count` elements. */
typedef struct {
    int32_t count;
    int32_t x_qmin;        /* -128 for int8 */
    const int8_t *values;  /* [qmax_x - qmin_x + 1] */
} xopt_table_params;

void xopt_table_s8_s8(const xopt_table_params *p, const int8_t *x, int8_t *y);

/* ---- model boundary (xopt_quantize.c) --------------------------------------------------
 * quant.quantize (onnxruntime's QuantizeLinear) of float x viewed as [channels][inner] into
 * int8 y stored [inner][channels] (NCHW -> NHWC with channels = C, inner = H * W; channels
 * = 1 keeps the order): q = clamp(rintf(x / scale) + zero_point, lo, hi), NaN -> zero_point.
 * quant.dequantize (DequantizeLinear) of int8 x stored [inner][channels] into float y
 * viewed as [channels][inner]: y = (float)(x - zero_point) * scale. */
typedef struct {
    int32_t channels, inner;
    float scale;
    int32_t zero_point;
    int32_t lo, hi; /* quantize only */
} xopt_quantize_params;

void xopt_quantize_f32_s8(const xopt_quantize_params *p, const float *x, int8_t *y);
void xopt_dequantize_s8_f32(const xopt_quantize_params *p, const int8_t *x, float *y);

/* ---- softmax (xopt_softmax.c) ----------------------------------------------------------
 * quant.softmax along the middle axis of x viewed as [outer][axis][inner] (quant_numerics'
 * softmax). With m the largest value along the axis and j = m - x (0 <= j < 256):
 *   fixed_point (exp_fixed != NULL): e = exp_fixed[j], S = sum of e (int32),
 *     y = clamp(zero_point + (e * 2^(output_shift + 1) + S) / (2 * S), lo, hi)
 *   float (exp_float != NULL, onnxruntime's QLinearSoftmax): e = exp_float[j], S = float
 *     sum of e in axis order from 0, r = min((e * factor) / S, 2^24) in float32,
 *     y = clamp(rintf(r) + zero_point, lo, hi).
 * The tables are quant_numerics.softmax_exp_table's; the compiler evaluates exp. */
typedef struct {
    int32_t outer, axis, inner;
    const int32_t *exp_fixed;   /* [256] or NULL */
    const float *exp_float;     /* [256] or NULL */
    int32_t output_shift;       /* k of the output scale 2^-k (fixed_point) */
    float factor;               /* floor(1 / s_y) (float) */
    int32_t zero_point, lo, hi;
} xopt_softmax_params;

void xopt_softmax_s8_s8(const xopt_softmax_params *p, const int8_t *x, int8_t *y);

/* ---- data movement (xopt_movement.c, xopt_copy.c) ---------------------------------------
 * quant.concat along one axis: the tensors are viewed as [outer][axis][inner]; input i has
 * axis_sizes[i] entries along the axis and is copied, or mapped by tables[i] (y =
 * tables[i][x + 128]: rounding = float's dequantize-quantize) when tables[i] != NULL, or
 * requantized by requant[i] (y = requant_0(x - x_zero_points[i]), fixed_point) when
 * requant[i] != NULL. */
typedef struct {
    int32_t num_inputs;
    int32_t outer, inner;
    const int32_t *axis_sizes;              /* [num_inputs] */
    const int32_t *x_zero_points;           /* [num_inputs] */
    const xopt_requant *const *requant;     /* [num_inputs], NULL entries copy */
    const int8_t *const *tables;            /* [num_inputs] of [256] each, or NULL entries */
} xopt_concat_params;

void xopt_concat_s8_s8(const xopt_concat_params *p, const int8_t *const *inputs, int8_t *y);

/* quant.resize over H and W of NHWC in_h x in_w x channels. Output row oy reads input rows
 * y_low[oy] and y_high[oy] with integer weights y_w1[oy] and y_w2[oy] (likewise columns):
 *   linear == 0, nearest: y = x[y_low[oy]][x_low[ox]] (weights unused);
 *   linear == 1, fixed_point: y = requant_0(sum over the four corners of wy * wx *
 *     (x - x_zp)), the weights those of quant_numerics.resize_weights (they sum to 2^10)
 *     on an interpolated axis and (1, 0) with y_high = y_low on an axis the resize leaves
 *     alone; the multiplier is s_x / (s_y * 2^(10 * interpolated axes));
 *   linear == 2, float (onnxruntime's dequantize, float Resize, quantize): with the float
 *     weights y_d1, y_d2, x_d1, x_d2 (quant_numerics.resize_weights_float) and
 *     v = (float)(x - x_zp) * in_scale at the corners (low/high row, low/high column),
 *     t = (((x_d1*y_d1)*v_ll + (x_d2*y_d1)*v_lh) + (x_d1*y_d2)*v_hl) + (x_d2*y_d2)*v_hh,
 *     y = clamp(rintf(t / out_scale) + zero_point, lo, hi) (requant's zero point and bounds).
 */
typedef struct {
    int32_t channels, in_h, in_w, out_h, out_w;
    int32_t linear; /* 0: nearest, 1: linear fixed_point, 2: linear float */
    const int32_t *y_low, *y_high, *y_w1, *y_w2; /* [out_h] */
    const int32_t *x_low, *x_high, *x_w1, *x_w2; /* [out_w] */
    int32_t x_zero_point;
    xopt_requant requant;
    const float *y_d1, *y_d2; /* [out_h], linear == 2 only */
    const float *x_d1, *x_d2; /* [out_w], linear == 2 only */
    float in_scale, out_scale; /* linear == 2 only */
} xopt_resize_params;

void xopt_resize_s8_s8(const xopt_resize_params *p, const int8_t *x, int8_t *y);

/* quant.argmax along the middle axis of x viewed as [outer][axis][inner]: the index of the
 * largest value, the first one or with select_last the last one, stored as a little
 * integer of index_bytes (2, 4 or 8) bytes per element into y[outer][inner]. */
typedef struct {
    int32_t outer, axis, inner;
    int32_t select_last;
    int32_t index_bytes;
} xopt_argmax_params;

void xopt_argmax_s8(const xopt_argmax_params *p, const int8_t *x, void *y);

/* quant.resize_argmax: argmax over the channels of xopt_resize_s8_s8(x) (the resized
 * values saturate at requant's bounds, the resized type's storage range) per output pixel,
 * without the resized tensor: y[oy][ox] as for xopt_argmax_s8. */
typedef struct {
    xopt_resize_params resize;
    int32_t select_last;
    int32_t index_bytes;
} xopt_resize_argmax_params;

void xopt_resize_argmax_s8(const xopt_resize_argmax_params *p, const int8_t *x, void *y);

/* A strided 4-D copy, the movement ops' one primitive (transpose, pad, crop, phase_slice,
 * insert_zeros): if fill, y[0 .. out_size) = fill_value first; then for every index
 * (i0, i1, i2, i3) < shape,
 *   y[out_offset + sum_k i_k * out_strides[k]] = x[in_offset + sum_k i_k * in_strides[k]]
 * (strides in elements; rows with unit strides on both sides are copied with memcpy). */
typedef struct {
    const int32_t *shape;       /* [4] */
    int32_t in_offset;
    const int32_t *in_strides;  /* [4] */
    int32_t out_offset;
    const int32_t *out_strides; /* [4] */
    int32_t fill, fill_value;
    int32_t out_size;
} xopt_copy_params;

void xopt_copy_s8(const xopt_copy_params *p, const int8_t *x, int8_t *y);

/* quant.interleave of NHWC phases into NHWC y (out_h x out_w x channels):
 * y[factor_h*i + r_h][factor_w*j + r_w][c] = inputs[r_h*factor_w + r_w][i][j][c], phase
 * (r_h, r_w) having ceil((out_h - r_h) / factor_h) x ceil((out_w - r_w) / factor_w) pixels. */
typedef struct {
    int32_t channels, out_h, out_w;
    int32_t factor_h, factor_w;
} xopt_interleave_params;

void xopt_interleave_s8(const xopt_interleave_params *p, const int8_t *const *inputs, int8_t *y);

/* ---- float layers (xopt_float.c) --------------------------------------------------------
 * graph ops left in fp32 (no integer form, or selective FP32 fallback), reproducing the graph
 * executor (xopt/executor/graph_kernels*.py) on float32 tensors in the same C layout (4-D
 * NHWC). Every float32 operation is rounded on its own (no contraction, FLT_EVAL_METHOD 0);
 * sums run in the order each kernel states, the order the graph executor defines. Tensors
 * have rank <= XOPT_F32_MAX_RANK; shapes and strides are in elements, C-layout axis order. */
#define XOPT_F32_MAX_RANK 6

/* A fused or stand-alone activation f(v), as the graph executor's kernel of that name:
 * NONE v; RELU v > 0 or NaN ? v : 0; CLIP min(max(v, alpha), beta) (NaN stays NaN);
 * LEAKY_RELU v >= 0 ? v : v * alpha; HARD_SIGMOID clip(v * alpha + beta, 0, 1);
 * HARD_SWISH v * clip(v * (1/6) + 0.5, 0, 1) (1/6 rounded to float). */
enum {
    XOPT_F32_NONE = 0,
    XOPT_F32_RELU = 1,
    XOPT_F32_CLIP = 2,
    XOPT_F32_LEAKY_RELU = 3,
    XOPT_F32_HARD_SIGMOID = 4,
    XOPT_F32_HARD_SWISH = 5
};

typedef struct {
    int32_t kind;      /* XOPT_F32_NONE ... XOPT_F32_HARD_SWISH */
    float alpha, beta; /* the activation's parameters (above), unused ones 0 */
} xopt_activation_f32;

/* y = f(x) element-wise over `count` elements (graph.relu, clip, leaky_relu, ...). */
typedef struct {
    int32_t count;
    xopt_activation_f32 activation;
} xopt_unary_f32_params;

void xopt_unary_f32(const xopt_unary_f32_params *p, const float *x, float *y);

/* y[i] = f(a[i] op b[i]) over y's `shape`, with broadcasting: operand element i is at
 * sum_k i_k * strides[k] (stride 0 along a broadcast axis). op: ADD a + b, SUB a - b, MUL
 * a * b, DIV a / b, PRELU (a >= 0 ? a : a * b). graph.sum is a chain of ADDs, left to right. */
enum { XOPT_F32_ADD = 0, XOPT_F32_SUB = 1, XOPT_F32_MUL = 2, XOPT_F32_DIV = 3, XOPT_F32_PRELU = 4 };

typedef struct {
    int32_t op;
    int32_t rank;
    const int32_t *shape;     /* [rank] the output's */
    const int32_t *a_strides; /* [rank] */
    const int32_t *b_strides; /* [rank] */
    xopt_activation_f32 activation;
} xopt_binary_f32_params;

void xopt_binary_f32(const xopt_binary_f32_params *p, const float *a, const float *b, float *y);

/* A gather: y[i_0]...[i_r-1] = x[sum_k offsets_k[i_k]], or `fill` where some offsets_k[i_k]
 * is -1. offsets holds the axes' tables one after another (shape[0] + ... + shape[r-1]
 * entries). graph.transpose, graph.pad (constant, reflect, edge) and layout changes. */
typedef struct {
    int32_t rank;
    const int32_t *shape;   /* [rank] the output's */
    const int32_t *offsets; /* per axis k, [shape[k]] input offsets or -1 */
    float fill;
} xopt_gather_f32_params;

void xopt_gather_f32(const xopt_gather_f32_params *p, const float *x, float *y);

/* graph.reduce_mean (and global_avgpool): for each output element o (the kept index space,
 * in y's order), s = -0.0f + x[r_0] + x[r_1] + ... summed one by one in float, r running
 * over the reduced index space in row-major order of the reduced axes (their graph-level
 * order), then y[o] = s / count. An index space is a shape with input strides. */
typedef struct {
    int32_t kept_rank;
    const int32_t *kept_shape, *kept_strides;       /* [kept_rank] */
    int32_t reduced_rank;
    const int32_t *reduced_shape, *reduced_strides; /* [reduced_rank] */
    float count;                                    /* the reduced elements' number */
} xopt_reduce_mean_f32_params;

void xopt_reduce_mean_f32(const xopt_reduce_mean_f32_params *p, const float *x, float *y);

/* graph.lrn across the middle axis of x viewed as [outer][channels][inner] (NHWC: inner 1):
 * s = 0.0f + x_j^2 + ... over the window j = c - before .. c - before + size - 1 inside
 * [0, channels), ascending; y = x / (float)pow((double)(bias + alpha_over_size * s), beta)
 * (the power in double, rounded once to float: see graph_kernels_nn.lrn). */
typedef struct {
    int32_t outer, channels, inner;
    int32_t size, before;
    float bias, alpha_over_size, beta;
} xopt_lrn_f32_params;

void xopt_lrn_f32(const xopt_lrn_f32_params *p, const float *x, float *y);

/* graph.conv2d on NHWC x into NHWC y (geometry as xopt_conv2d_params): y[oy][ox][o] =
 * f(s + bias[o]), s = 0.0f + x * w summed one product at a time over ky, kx, then c
 * (ascending; taps in the padding are skipped, which adds exactly what their 0 * w would).
 * With one input channel per group this is the graph executor's depthwise order. Weights OHWI [out_c][kh][kw][in_c / groups]. */
typedef struct {
    int32_t in_c, in_h, in_w;
    int32_t out_c, out_h, out_w;
    int32_t kernel_h, kernel_w;
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t pad_top, pad_left;
    int32_t groups;
    const float *weight; /* OHWI */
    const float *bias;   /* [out_c], or NULL */
    xopt_activation_f32 activation;
} xopt_conv2d_f32_params;

void xopt_conv2d_f32(const xopt_conv2d_f32_params *p, const float *x, float *y);

/* graph.matmul / graph.gemm with constant weights: y[m][n] = f(s * alpha + addend[m][n]),
 * s = 0.0f + x[m][k] * w[n][k] summed over k ascending; addend (beta * C broadcast, or
 * NULL: nothing added). x is rows x inner, y rows x cols. */
typedef struct {
    int32_t rows, inner, cols;
    const float *weight; /* [cols][inner] */
    float alpha;
    const float *addend; /* [rows][cols], or NULL */
    xopt_activation_f32 activation;
} xopt_matmul_f32_params;

void xopt_matmul_f32(const xopt_matmul_f32_params *p, const float *x, float *y);

#ifdef __cplusplus
}
#endif

#endif /* XOPT_KERNELS_H */
