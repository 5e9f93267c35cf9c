# Reference values for replicate-weight designs (svrepdesign) from R's survey package (4.1.1), on
# the seeded fixture of make_models_fixture.py with the replicate weights of
# make_models_replicates.R (JK1, JKn, BRR, Fay, bootstrap; and JKn with mse = TRUE):
# proportions (svymean, degf, svyciprop's logit, beta, mean, asin and xlogit intervals) overall
# and by sector; the logistic model of glm_reference.R (fitted to convergence) with
# regTermTest; and the mean, total and quartiles of years in role.
# Command (from the repository root):
#   Rscript tests/reference/replicates_reference.R > tests/reference/replicates_reference.csv
source("tests/reference/models_common.R")
reps <- read.csv("tests/reference/models_replicates.csv")
meta <- read.csv("tests/reference/models_replicates_meta.csv", colClasses = c(rscales = "character"))
dd <- cbind(d, reps)
dd$no_training <- as.logical(dd$no_training)
probs <- c(0.25, 0.5, 0.75)
cases <- c(split(meta, meta$prefix), list(jkn_mse = meta[meta$prefix == "jkn", ]))
for (case in names(cases)) {
  m1 <- cases[[case]]
  rho <- if (m1$type == "Fay") m1$rho else NULL
  des <- svrepdesign(data = dd, repweights = paste0("^", m1$prefix, "_[0-9]+$"), weights = ~weight, type = m1$type,
                     scale = m1$scale, rscales = as.numeric(strsplit(m1$rscales, ";")[[1]]), rho = rho,
                     combined.weights = TRUE, mse = case == "jkn_mse")
  base <- subset(des, !is.na(not_confident))
  groups <- list(All = base)
  for (g in levels(d$sector)) groups[[g]] <- subset(base, sector == g)
  for (g in names(groups)) {
    s <- groups[[g]]
    e <- svymean(~not_confident, s)
    put(case, g, "proportion", coef(e)[1]); put(case, g, "se", SE(e)[1]); put(case, g, "df", degf(s))
    for (method in c("logit", "asin", "beta", "mean", "xlogit")) {
      ci <- attr(svyciprop(~not_confident, s, method = method), "ci")
      put(case, g, paste0(method, "_lower"), ci[1]); put(case, g, paste0(method, "_upper"), ci[2])
    }
  }
  fit <- svyglm(not_confident ~ no_training + sector + profession + years_in_role, des, family = quasibinomial(),
                control = glm.control(epsilon = 1e-15, maxit = 100))
  s <- summary(fit)$coefficients
  ci <- confint(fit)
  for (k in rownames(s)) {
    put(case, k, "coefficient", s[k, 1]); put(case, k, "coef_se", s[k, 2])
    put(case, k, "ci_lower", ci[k, 1]); put(case, k, "ci_upper", ci[k, 2])
  }
  put(case, "model", "df_residual", fit$df.residual)
  for (term in c("no_training", "sector", "profession", "years_in_role")) {
    r <- regTermTest(fit, as.formula(paste("~", term)))
    put(case, term, "F", r$Ftest); put(case, term, "df_den", r$ddf); put(case, term, "F_p", r$p)
  }
  for (g in c("All", levels(d$sector))) {
    s <- if (g == "All") des else subset(des, sector == g)
    for (stat in c("mean", "total")) {
      e <- if (stat == "mean") svymean(~years_in_role, s, na.rm = TRUE) else svytotal(~years_in_role, s, na.rm = TRUE)
      put(case, g, stat, coef(e)[1]); put(case, g, paste0(stat, "_se"), SE(e)[1])
    }
    q <- svyquantile(~years_in_role, s, probs, na.rm = TRUE)[[1]]
    for (i in seq_along(probs)) {
      p <- probs[i]
      put(case, g, paste0("q", p), q[i, 1]); put(case, g, paste0("q", p, "_lower"), q[i, 2])
      put(case, g, paste0("q", p, "_upper"), q[i, 3])
    }
  }
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
