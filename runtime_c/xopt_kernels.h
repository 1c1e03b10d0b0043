/* xopt portable int8 kernels: the quant dialect's integer semantics in C99.
 *
 * Every kernel reproduces the xopt quant executor (xopt/executor/quant_kernels*.py, whose
 * arithmetic is specified in xopt/executor/quant_numerics.py) bit for bit. Layouts are the
 * quant executor's: activations NCHW with batch 1, weights OIHW, int8 stored integers. Each
 * layer's constants (shapes, strides, pads, zero points, multipliers, lookup tables) come in
 * a const parameter struct that a generated model.c initialises once per layer; the compiler
 * precomputes every derived number (fixed-point multipliers, resize indices and weights), so
 * no kernel evaluates a float function. No kernel allocates memory or uses a VLA.
 *
 * Kernel names follow <op>_<input>_<output>: s8 = int8 stored integers.
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
 *     (onnxruntime's MlasRequantizeOutput; needs FLT_EVAL_METHOD == 0, as on aarch64/x86-64).
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
 * quant.conv2d: y[o][oy][ox] = requant_o(bias[o] + sum over c in o's group, ky, kx of
 *   (x[c][oy*sh - pad_top + ky*dh][ox*sw - pad_left + kx*dw] - x_zp) * (w[o][c'][ky][kx] -
 *   w_zp[o])); input positions outside the image are padding holding x_zp (they add 0).
 * The bottom and right padding follow from out_h and out_w. */
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
    const int8_t *weight;    /* [out_c][in_c / groups][kernel_h][kernel_w] */
    const int32_t *bias;     /* [out_c] at scale s_x * s_w, or NULL */
    xopt_requant requant;    /* entries [out_c] */
} xopt_conv2d_params;

/* Picks the fastest path below that supports `p`. */
void xopt_conv2d_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* Any geometry. */
void xopt_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* 1x1 kernel, groups == 1, no padding (any stride). */
void xopt_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* 3x3 depthwise: groups == in_c == out_c, dilation 1 (any stride and padding). */
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

/* ---- pooling (xopt_pool.c) ---------------------------------------------------------------
 * Windows of kernel_h x kernel_w taps at (oy*stride_h - pad_top + ky, ox*stride_w - pad_left
 * + kx). maxpool: the largest tap inside the image (-128 if none is). avgpool: with the
 * window's count = its taps inside the image, or, with count_include_pad, inside the image
 * plus the explicit padding [-pad_top, in_h + pad_bottom) x [-pad_left, in_w + pad_right)
 * (taps beyond that exist only through ceil_mode and never count),
 *   y = requant_count(sum of (x - x_zp) over the taps inside the image)
 * so requant has one entry per count 0 .. kernel_h * kernel_w (fixed_point mode; the
 * multiplier of count is s_x / (s_y * count)). global_avgpool: kernel = the image, entry 0. */
typedef struct {
    int32_t channels, in_h, in_w, out_h, out_w;
    int32_t kernel_h, kernel_w;
    int32_t stride_h, stride_w;
    int32_t pad_top, pad_left, pad_bottom, pad_right;
    int32_t count_include_pad; /* avgpool only */
    int32_t x_zero_point;      /* avgpool only */
    xopt_requant requant;      /* avgpool only: entries [kernel_h * kernel_w + 1] */
} xopt_pool2d_params;

void xopt_maxpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y);
void xopt_avgpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y);

/* y[c] = requant_0(sum over the image of (x[c] - x_zp)); either rounding mode. */
typedef struct {
    int32_t channels, size; /* size = in_h * in_w */
    int32_t x_zero_point;
    xopt_requant requant; /* entries [1]: s_x / (s_y * size) */
} xopt_global_avgpool_params;

void xopt_global_avgpool_s8_s8(const xopt_global_avgpool_params *p, const int8_t *x, int8_t *y);

/* ---- element-wise (xopt_elementwise.c) -------------------------------------------------
 * quant.add (fixed_point, TFLite's integer add) of two tensors of `count` elements:
 *   a' = rescale_a((a - a_zp) * 2^left_shift),  b' = rescale_b((b - b_zp) * 2^left_shift)
 *   y  = clamp(rescale_out(a' + b') + out_zp, lo, hi)
 * with a_rescale, b_rescale the multipliers s_a / m, s_b / m and requant the multiplier
 * m / (2^left_shift * s_y), m = 2 * max(s_a, s_b) (entries [1] each). */
typedef struct {
    int32_t count;
    int32_t left_shift;
    int32_t a_zero_point, b_zero_point;
    xopt_requant a_rescale, b_rescale; /* only multiplier and shift are used */
    xopt_requant requant;
} xopt_add_params;

void xopt_add_s8_s8(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y);

/* quant.requantize (fixed_point): y = requant_0(x - x_zp), `count` elements. */
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

/* ---- data movement (xopt_movement.c) ---------------------------------------------------
 * quant.concat along one axis: the tensors are viewed as [outer][axis][inner]; input i has
 * axis_sizes[i] entries along the axis and is copied, or requantized by requant[i]
 * (y = requant_0(x - x_zero_points[i]), fixed_point) when requant[i] != NULL. */
typedef struct {
    int32_t num_inputs;
    int32_t outer, inner;
    const int32_t *axis_sizes;              /* [num_inputs] */
    const int32_t *x_zero_points;           /* [num_inputs] */
    const xopt_requant *const *requant;     /* [num_inputs], NULL entries copy */
} xopt_concat_params;

void xopt_concat_s8_s8(const xopt_concat_params *p, const int8_t *const *inputs, int8_t *y);

/* quant.resize over H and W of channels x in_h x in_w. Output row oy reads input rows
 * y_low[oy] and y_high[oy] with integer weights y_w1[oy] and y_w2[oy] (likewise columns):
 *   nearest: y = x[y_low[oy]][x_low[ox]] (weights unused);
 *   linear:  y = requant_0(sum over the four corners of wy * wx * (x - x_zp)), the weights
 *            those of quant_numerics.resize_weights (they sum to 2^10) on an interpolated
 *            axis and (1, 0) with y_high = y_low on an axis the resize leaves alone; the
 *            multiplier is s_x / (s_y * 2^(10 * interpolated axes)). */
typedef struct {
    int32_t channels, in_h, in_w, out_h, out_w;
    int32_t linear; /* 0: nearest, 1: linear */
    const int32_t *y_low, *y_high, *y_w1, *y_w2; /* [out_h] */
    const int32_t *x_low, *x_high, *x_w1, *x_w2; /* [out_w] */
    int32_t x_zero_point;
    xopt_requant requant;
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

#ifdef __cplusplus
}
#endif

#endif /* XOPT_KERNELS_H */
