#!/usr/bin/python3
"""Reference values for test_metrics.cc, computed the way scikit-learn defines them.

Debian's python3 has numpy but no scikit-learn, so the sklearn formulas are written out here from
the label arrays (not from a confusion matrix, as the C++ does):
  accuracy_score, balanced_accuracy_score (mean recall over classes in y_true),
  precision_recall_fscore_support(zero_division=0), f1_score(average='macro') over
  unique_labels(y_true, y_pred), and numpy's std(ddof=1) over folds.
Run: /usr/bin/python3 tests/lib/train/metrics_reference.py
"""
import numpy as np


def lcg_labels(n, n_classes, seed):
    """The pseudo-random case of the C++ test: a 32-bit LCG (Numerical Recipes constants)."""
    x = seed
    y_true, y_pred = [], []
    for i in range(n):
        x = (1664525 * x + 1013904223) % 2**32
        t = (x >> 16) % n_classes
        # Skewed classes: class 0 twice as likely, the last class never true.
        t = 0 if t == n_classes - 1 else t
        x = (1664525 * x + 1013904223) % 2**32
        p = t if (x >> 16) % 10 < 6 else (x >> 8) % n_classes
        y_true.append(t)
        y_pred.append(p)
    return np.array(y_true), np.array(y_pred)


def scores(y_true, y_pred):
    labels = np.union1d(y_true, y_pred)
    prec, rec, f1 = {}, {}, {}
    for k in labels:
        tp = np.sum((y_true == k) & (y_pred == k))
        n_pred = np.sum(y_pred == k)
        n_true = np.sum(y_true == k)
        prec[k] = tp / n_pred if n_pred else 0.0
        rec[k] = tp / n_true if n_true else 0.0
        f1[k] = 2 * prec[k] * rec[k] / (prec[k] + rec[k]) if prec[k] + rec[k] else 0.0
    acc = np.mean(y_true == y_pred)
    ua = np.mean([rec[k] for k in np.unique(y_true)])
    macro_f1 = np.mean([f1[k] for k in labels])
    return acc, ua, macro_f1, prec, rec, f1


if __name__ == "__main__":
    y_true, y_pred = lcg_labels(500, 6, 12345)
    acc, ua, mf1, prec, rec, f1 = scores(y_true, y_pred)
    print("lcg case: accuracy %.17g ua %.17g macro_f1 %.17g" % (acc, ua, mf1))
    for k in sorted(prec):
        print("  class %d: precision %.17g recall %.17g f1 %.17g support %d predicted %d"
              % (k, prec[k], rec[k], f1[k], np.sum(y_true == k), np.sum(y_pred == k)))
    folds = [lcg_labels(120, 6, seed) for seed in (1, 2, 3, 4)]
    fold_scores = [scores(t, p) for t, p in folds]
    for name, i in (("accuracy", 0), ("ua", 1), ("macro_f1", 2)):
        v = np.array([s[i] for s in fold_scores])
        print("folds %s: mean %.17g std(ddof=1) %.17g" % (name, v.mean(), v.std(ddof=1)))
    pooled = scores(np.concatenate([t for t, _ in folds]), np.concatenate([p for _, p in folds]))
    print("pooled: accuracy %.17g ua %.17g macro_f1 %.17g" % pooled[:3])
