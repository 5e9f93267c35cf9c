# Reference values for the model and the numeric item of the illustrative clustered wave
# (examples/2018-schools) from R's survey (4.1.1): svyglm(not confident ~ trained + phase + role,
# quasibinomial, fitted to convergence) with confint and regTermTest, and the mean, total and
# quartiles (svyquantile's defaults) of years in role overall and by phase, on the stratified
# cluster design with fpc and after raking to margins.csv.
# Command (from the repository root):
#   Rscript tests/reference/example_models_reference.R > tests/reference/example_models_reference.csv
suppressMessages(library(survey))
d <- read.csv("examples/2018-schools/illustrative_2018_schools.csv", check.names = FALSE, na.strings = "")
names(d) <- c("id", "nation", "school", "schools", "phase", "role", "weight", "conf", "trained", "years")
d$phase <- factor(d$phase, levels = c("Primary", "Secondary", "Special"))
d$role <- factor(d$role, levels = c("Headteacher", "Safeguarding lead"))
d$not_confident <- ifelse(is.na(d$conf), NA, as.numeric(d$conf %in% c("Not at all confident", "Slightly confident")))
d$is_trained <- d$trained == "Yes"
m <- read.csv("examples/2018-schools/margins.csv")
out <- data.frame()
put <- function(case, group, quantity, value) {
  out <<- rbind(out, data.frame(case = case, group = group, quantity = quantity, value = sprintf("%.17g", value)))
}
des <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools, nest = TRUE, data = d)
targets <- list(data.frame(role = factor(m$category[m$variable == "role"], levels = levels(d$role)),
                           Freq = m$population[m$variable == "role"]),
                data.frame(phase = factor(m$category[m$variable == "phase"], levels = levels(d$phase)),
                           Freq = m$population[m$variable == "phase"]))
raked <- rake(des, list(~role, ~phase), targets, control = list(maxit = 200, epsilon = 1e-13))
for (case in c("design", "raked")) {
  s0 <- if (case == "design") des else raked
  fit <- svyglm(not_confident ~ is_trained + phase + role, s0, family = quasibinomial(),
                control = glm.control(epsilon = 1e-15, maxit = 100))
  s <- summary(fit)$coefficients
  ci <- confint(fit)
  for (k in seq_len(nrow(s))) {
    put(case, k, "coefficient", s[k, 1]); put(case, k, "se", s[k, 2]); put(case, k, "p_value", s[k, 4])
    put(case, k, "or_lower", exp(ci[k, 1])); put(case, k, "or_upper", exp(ci[k, 2]))
  }
  put(case, "model", "df_residual", fit$df.residual); put(case, "model", "n", nobs(fit))
  for (term in c("is_trained", "phase", "role")) {
    r <- regTermTest(fit, as.formula(paste("~", term)))
    put(case, term, "F", r$Ftest); put(case, term, "F_p", r$p)
  }
  groups <- list(All = s0)
  for (g in levels(d$phase)) groups[[g]] <- subset(s0, phase == g)
  for (g in names(groups)) {
    s <- groups[[g]]
    e <- svymean(~years, s, na.rm = TRUE); put(case, g, "mean", coef(e)); put(case, g, "mean_se", SE(e))
    e <- svytotal(~years, s, na.rm = TRUE); put(case, g, "total", coef(e)); put(case, g, "total_se", SE(e))
    q <- svyquantile(~years, s, c(0.25, 0.5, 0.75), na.rm = TRUE)[[1]]
    for (i in 1:3) {
      p <- c(0.25, 0.5, 0.75)[i]
      put(case, g, paste0("q", p), q[i, 1]); put(case, g, paste0("q", p, "_lower"), q[i, 2])
      put(case, g, paste0("q", p, "_upper"), q[i, 3])
    }
  }
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
