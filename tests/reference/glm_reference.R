# Reference values for design-based logistic regression, svyglm(family = quasibinomial()), from R's
# survey package (4.1.1) on the seeded fixture of make_models_fixture.py: coefficients, standard
# errors, p-values, confint() and regTermTest(method = "Wald") for each term, on a weights-only
# design, a stratified clustered design with fpc, and both raked to sector and profession margins.
# Each model is fitted twice: with glm's default convergence (epsilon = 1e-8, case suffix
# "_default") and to convergence (epsilon = 1e-15).
# Command (from the repository root):
#   python tests/reference/make_models_fixture.py
#   Rscript tests/reference/glm_reference.R > tests/reference/glm_reference.csv
source("tests/reference/models_common.R")
formula <- not_confident ~ no_training + sector + profession + years_in_role
term_labels <- c("no_training", "sector", "profession", "years_in_role")
fits <- function(case, des, control) {
  fit <- eval(bquote(svyglm(formula, des, family = quasibinomial(), control = .(control))))
  s <- summary(fit)$coefficients
  ci <- confint(fit)
  for (k in rownames(s)) {
    put(case, k, "coefficient", s[k, 1]); put(case, k, "se", s[k, 2]); put(case, k, "t", s[k, 3])
    put(case, k, "p_value", s[k, 4]); put(case, k, "ci_lower", ci[k, 1]); put(case, k, "ci_upper", ci[k, 2])
  }
  put(case, "model", "df_residual", fit$df.residual); put(case, "model", "n", nobs(fit))
  for (term in term_labels) {
    r <- regTermTest(fit, as.formula(paste("~", term)))
    put(case, term, "F", r$Ftest); put(case, term, "df_num", r$df); put(case, term, "df_den", r$ddf)
    put(case, term, "F_p", r$p)
  }
}
d$no_training <- as.logical(d$no_training)
for (case in names(designs)) {
  des <- update(designs[[case]], no_training = as.logical(no_training))
  fits(case, des, glm.control(epsilon = 1e-15, maxit = 100))
  fits(paste0(case, "_default"), des, glm.control())
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
