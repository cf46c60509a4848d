variable "repositories" {
  description = "Repository names, one per image"
  type        = list(string)
  default     = ["frameflow/api-gateway", "frameflow/operator", "frameflow/frame-extractor"]
}

variable "keep_release_images" {
  type    = number
  default = 50
}

variable "keep_commit_images" {
  description = "Commit (SHA-tagged) images kept; older ones expire. Release images are counted separately"
  type        = number
  default     = 200
}

variable "tags" {
  type    = map(string)
  default = {}
}
