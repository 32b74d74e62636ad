"""Which platform the example runs on; torch is optional (the decision part runs without it)."""


class Platform:
    def is_cuda_alike(self) -> bool:
        try:
            import torch
        except ImportError:
            return False
        return torch.cuda.is_available()


current_platform = Platform()
